package io.tillwatch.telemetry;

/**
 * One transaction lifecycle event, as validated. Optional text fields are null when absent;
 * {@code amount} is {@link #NO_AMOUNT} when absent. {@code pan} is only ever a masked PAN.
 *
 * @param atMs the terminal's own clock (epoch ms); TillWatch never runs deadlines on it
 * @param ref  the acquirer's or wallet's order number for the sale (WeChat Pay's {@code out_trade_no}),
 *             which back-office look-ups and settlement bills find it by; null when the terminal sends none
 */
public record TxnEvent(
    String merchant,
    String terminal,
    String txn,
    long seq,
    EventType type,
    long atMs,
    long amount,
    String currency,
    PaymentMethod method,
    String rrn,
    String authCode,
    String pan,
    String ref) implements Telemetry {

  public static final long NO_AMOUNT = -1;

  public boolean hasAmount() {
    return amount != NO_AMOUNT;
  }
}
