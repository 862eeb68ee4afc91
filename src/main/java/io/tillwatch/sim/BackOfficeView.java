package io.tillwatch.sim;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * What the simulated back office says about a booked sale at a given moment, before each format words
 * it: in progress for a while after the sale (and forever for a sale it never answers finally), then
 * its final outcome. Also the back office's own ids for the sale.
 */
final class BackOfficeView {
  /** China Standard Time: WeChat Pay and Alipay write their times in it. */
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  static final DateTimeFormatter ALIPAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(CHINA);
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(CHINA);

  enum State { PENDING, CHARGED, NOT_CHARGED, REVERSED, DECLINED }

  private BackOfficeView() {}

  static State stateAt(LedgerEntry e, long nowMs, long pendingForMs) {
    if (!e.finalAnswer() || nowMs < e.createdAtMs() + pendingForMs) {
      return State.PENDING;
    }
    return switch (e.outcome()) {
      case CHARGED -> State.CHARGED;
      case NOT_CHARGED -> State.NOT_CHARGED;
      case REVERSED -> State.REVERSED;
      case DECLINED -> State.DECLINED;
    };
  }

  /** WeChat Pay's {@code transaction_id}: 28 digits, 4200 + day + serial. */
  static String wechatTransactionId(LedgerEntry e) {
    return "4200" + "00" + DAY.format(Instant.ofEpochMilli(e.createdAtMs())) + String.format("%014d", e.serial());
  }

  /** Alipay's {@code trade_no}: 28 digits, day + 22001 + serial. */
  static String alipayTradeNo(LedgerEntry e) {
    return DAY.format(Instant.ofEpochMilli(e.createdAtMs())) + "22001" + String.format("%015d", e.serial());
  }

  /** The generic acquirer's reference. */
  static String acquirerReference(LedgerEntry e) {
    return "ACQ" + DAY.format(Instant.ofEpochMilli(e.createdAtMs())) + String.format("%010d", e.serial());
  }

  /** Minor units as yuan with two decimals, e.g. 12850 -> {@code 128.50}. */
  static String yuan(long fen) {
    String sign = fen < 0 ? "-" : "";
    long a = Math.abs(fen);
    return sign + (a / 100) + "." + String.format("%02d", a % 100);
  }
}
