package io.tillwatch.acquirer;

import io.tillwatch.backoffice.SaleLookup;
import java.time.Clock;
import java.time.Duration;

/**
 * Whether a sale is young enough that "not paid yet" still means "the customer may be paying". A
 * wallet answers NOTPAY / WAIT_BUYER_PAY both while the customer is entering a PIN and for an order
 * nobody will ever pay; only the sale's age tells them apart. A sale without a known time
 * ({@code saleAtMs <= 0}) counts as old: the back office's word is then taken as final.
 */
public final class SaleAge {
  private SaleAge() {}

  public static boolean isYoung(SaleLookup sale, Clock clock, Duration youngFor) {
    return sale.saleAtMs() > 0 && clock.millis() - sale.saleAtMs() < youngFor.toMillis();
  }
}
