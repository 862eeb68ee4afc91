package io.tillwatch.engine;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.PrinterState;
import io.tillwatch.telemetry.StatusChange;
import io.tillwatch.telemetry.TxnEvent;

/** Test vocabulary: one merchant, terminal t1 unless said otherwise; the clock is a plain long. */
final class Fixture {
  static final String M = "m1";
  static final String T = "t1";
  static final long T0 = 1_700_000_000_000L;
  static final long SEC = 1_000;
  static final long MIN = 60 * SEC;

  private Fixture() {}

  static TxnEvent ev(String txn, long seq, EventType type) {
    return ev(T, txn, seq, type, 1_000, "CNY", null);
  }

  static TxnEvent ev(String txn, long seq, EventType type, long amount) {
    return ev(T, txn, seq, type, amount, "CNY", null);
  }

  /** Amount and currency ride on STARTED and AUTHORIZED only, as the contract says. */
  static TxnEvent ev(String terminal, String txn, long seq, EventType type, long amount, String currency,
      String pan) {
    boolean carries = type == EventType.STARTED || type == EventType.AUTHORIZED;
    return new TxnEvent(M, terminal, txn, seq, type, T0, carries ? amount : TxnEvent.NO_AMOUNT,
        carries ? currency : null, PaymentMethod.CARD, "rrn-" + txn, null, pan, null);
  }

  static Heartbeat hb(int intervalSec, long lastSeq, int pendingUploads) {
    return hb(T, intervalSec, lastSeq, pendingUploads);
  }

  static Heartbeat hb(String terminal, int intervalSec, long lastSeq, int pendingUploads) {
    return new Heartbeat(M, terminal, T0, intervalSec, lastSeq, "4.2.1", "4G", -71, PrinterState.OK,
        pendingUploads, "S001", "east");
  }

  static StatusChange status(boolean online) {
    return new StatusChange(M, T, online);
  }
}
