package io.tillwatch.telemetry;

/**
 * Why a message was refused. The set is closed on purpose: each value is a metric label
 * ({@code reason}) and a documented answer to "why did TillWatch drop my message?".
 */
public enum RejectReason {
  /** The topic is not one of {@code pos/v1/{merchant}/{terminal}/txn|heartbeat|status|cmd-result}. */
  UNKNOWN_TOPIC,
  /** A merchant, terminal or txn id is empty, too long or has characters outside [A-Za-z0-9_.-]. */
  BAD_ID,
  /** The payload exceeds the configured maximum size. */
  TOO_LARGE,
  /** The payload is not a single well-formed JSON object (or nests too deep / has too long a string). */
  MALFORMED_JSON,
  /** A field the contract requires is absent. */
  MISSING_FIELD,
  /** A field has the wrong type or a value outside the contract (negative amount, bad currency, bad time). */
  BAD_FIELD,
  /** {@code event} names no lifecycle event of the contract. */
  UNKNOWN_EVENT,
  /** An unmasked card number, or card data in a field that must never carry it. Nothing of it is kept. */
  CARD_DATA,
  /** A {@code status} payload other than {@code online} / {@code offline}. */
  BAD_STATUS;

  /** Lower-case label value used in metrics and logs. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
