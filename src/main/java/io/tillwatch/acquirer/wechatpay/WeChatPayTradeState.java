package io.tillwatch.acquirer.wechatpay;

import io.tillwatch.backoffice.Verdict;
import java.util.Optional;

/** WeChat Pay's {@code trade_state} as a verdict. An unknown state is no verdict: the answer is malformed. */
final class WeChatPayTradeState {
  private WeChatPayTradeState() {}

  static Optional<Verdict> verdict(String tradeState, boolean saleIsYoung) {
    return Optional.ofNullable(switch (tradeState) {
      case "SUCCESS" -> Verdict.CHARGED;
      case "REFUND" -> Verdict.REVERSED_OR_REFUNDED;
      case "NOTPAY" -> saleIsYoung ? Verdict.PENDING : Verdict.NOT_CHARGED;
      case "CLOSED", "REVOKED", "PAYERROR" -> Verdict.NOT_CHARGED;
      case "USERPAYING", "ACCEPT" -> Verdict.PENDING;
      default -> null;
    });
  }
}
