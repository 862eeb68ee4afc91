package io.tillwatch.acquirer.alipay;

import io.tillwatch.backoffice.Verdict;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Alipay's {@code trade_status} as a verdict. An unknown status is no verdict: the answer is malformed.
 *
 * <p>Alipay closes a trade both when nobody paid it and when it was paid and then fully refunded.
 * The rule: TRADE_CLOSED is REVERSED_OR_REFUNDED when the answer shows money moved, i.e. it carries a
 * {@code send_pay_date} (the buyer paid) or a refund amount above zero ({@code refund_amount} or
 * {@code refund_fee}); otherwise NOT_CHARGED.
 */
final class AlipayTradeStatus {
  private AlipayTradeStatus() {}

  static Optional<Verdict> verdict(JsonObject response, boolean saleIsYoung) {
    String status = response.getValue("trade_status") instanceof String s ? s : "";
    return Optional.ofNullable(switch (status) {
      case "TRADE_SUCCESS", "TRADE_FINISHED" -> Verdict.CHARGED;
      case "WAIT_BUYER_PAY" -> saleIsYoung ? Verdict.PENDING : Verdict.NOT_CHARGED;
      case "TRADE_CLOSED" -> wasPaid(response) ? Verdict.REVERSED_OR_REFUNDED : Verdict.NOT_CHARGED;
      default -> null;
    });
  }

  private static boolean wasPaid(JsonObject response) {
    return present(response.getValue("send_pay_date")) || positive(response.getValue("refund_amount"))
        || positive(response.getValue("refund_fee"));
  }

  private static boolean present(Object value) {
    return value instanceof String s && !s.isBlank();
  }

  private static boolean positive(Object value) {
    if (value == null) {
      return false;
    }
    try {
      return new BigDecimal(String.valueOf(value).trim()).signum() > 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
