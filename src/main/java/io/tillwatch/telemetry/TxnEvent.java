package io.tillwatch.telemetry;

/**
 * One transaction lifecycle event, as validated. Optional text fields are null when absent;
 * {@code amount} is {@link #NO_AMOUNT} when absent. {@code pan} is only ever a masked PAN.
 *
 * @param atMs the terminal's own clock (epoch ms); TillWatch never runs deadlines on it
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
    String pan) implements Telemetry {

  public static final long NO_AMOUNT = -1;

  public boolean hasAmount() {
    return amount != NO_AMOUNT;
  }
}
