package io.tillwatch.backoffice;

import io.tillwatch.telemetry.PaymentMethod;
import java.util.Objects;

/**
 * Everything a sale carries that a back office can find it by. Back offices differ: a wallet is
 * asked by the merchant's order number ({@code ref}), a card acquirer by rrn or auth code with
 * amount and time. Absent fields are null ({@code amount} -1). Never a card number: {@code pan}
 * is masked as the terminal sent it.
 *
 * @param saleAtMs the terminal's own time of the sale's first event (epoch ms); back offices index by it
 */
public record SaleLookup(
    String merchant,
    String terminal,
    String txn,
    String ref,
    String rrn,
    String authCode,
    long amount,
    String currency,
    PaymentMethod method,
    String pan,
    long saleAtMs) {

  public SaleLookup {
    Objects.requireNonNull(merchant, "merchant");
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(txn, "txn");
  }

  public boolean hasAmount() {
    return amount >= 0;
  }
}
