package io.tillwatch.telemetry;

/** The lifecycle events a terminal reports for one sale (contract: "Transaction event"). */
public enum EventType {
  STARTED,
  AUTHORIZED,
  DECLINED,
  CANCELLED,
  PRINTED,
  PRINT_FAILED,
  COMPLETED,
  VOIDED,
  REVERSAL_QUEUED,
  REVERSED;

  private static final EventType[] VALUES = values();

  /** Bit of this event in a set of seen events; the engine keeps a sale's history as such a mask. */
  public int bit() {
    return 1 << ordinal();
  }

  /** Looks up a wire name without throwing; null when the name is not in the contract. */
  public static EventType fromWire(String name) {
    for (EventType t : VALUES) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
