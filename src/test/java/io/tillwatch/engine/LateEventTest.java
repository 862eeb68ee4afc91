package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.M;
import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.SEC;
import static io.tillwatch.engine.Fixture.T;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.COMPLETED;
import static io.tillwatch.telemetry.EventType.PRINTED;
import static io.tillwatch.telemetry.EventType.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An event that arrives after its sale closed and was forgotten (past detect.closed-sale-linger):
 * a late STARTED must not open a new sale that raises a false UNCONFIRMED_SALE. Events carry the
 * terminal's own time, as a terminal stamps them when they happen, not when they get through.
 */
class LateEventTest {
  private static final long HOUR = 60 * MIN;
  private final RecordingSink sink = new RecordingSink();

  private static TxnEvent stamped(String txn, long seq, EventType type, long atMs) {
    boolean carries = type == STARTED || type == AUTHORIZED;
    return new TxnEvent(M, T, txn, seq, type, atMs, carries ? 12_850 : TxnEvent.NO_AMOUNT, carries ? "CNY" : null,
        PaymentMethod.CARD, "rrn-" + txn, null, null, null);
  }

  /** Sale "a" completes without its STARTED (seq 1 lost on the way), and is forgotten after the linger. */
  private DetectionEngine completedAndForgotten(DetectionSettings settings) {
    DetectionEngine e = new DetectionEngine(settings, sink, T0);
    e.onTxnEvent(stamped("a", 2, AUTHORIZED, T0), T0);
    e.onTxnEvent(stamped("a", 3, PRINTED, T0 + SEC), T0 + SEC);
    e.onTxnEvent(stamped("a", 4, COMPLETED, T0 + 2 * SEC), T0 + 2 * SEC);
    e.advanceTo(T0 + 25 * MIN);
    assertFalse(e.tracksSale(M, T, "a"), "closed and lingered out");
    return e;
  }

  @Test
  void aLateStartedOfAForgottenSaleRaisesNothing() {
    DetectionEngine e = completedAndForgotten(DetectionSettings.defaults());
    assertEquals(ApplyResult.FORGOTTEN_SALE, e.onTxnEvent(stamped("a", 1, STARTED, T0 - SEC), T0 + 40 * MIN));
    e.advanceTo(T0 + 3 * HOUR);
    assertEquals(0, sink.count(FindingKind.UNCONFIRMED_SALE), "a false UNCONFIRMED_SALE: " + sink.raised);
    assertFalse(e.tracksSale(M, T, "a"), "no new sale");
    assertEquals(1, e.stats().forgottenSaleEvents());
    assertEquals(0, sink.open.size(), "the gap its seq left is filled too: " + sink.open);
  }

  @Test
  void theTxnIdIsRememberedForTheConfiguredTimeThenTheEventIsTrackedButSaysWhatItMayBe() {
    DetectionSettings s = DetectionSettings.builder().forgottenSaleMemory(Duration.ofHours(1)).build();
    DetectionEngine e = completedAndForgotten(s);
    assertEquals(1, e.stats().forgottenSalesRemembered());
    e.advanceTo(T0 + 2 * HOUR);
    assertEquals(ApplyResult.APPLIED, e.onTxnEvent(stamped("a", 1, STARTED, T0 - SEC), T0 + 2 * HOUR));
    assertEquals(0, e.stats().forgottenSalesRemembered(), "past the memory");
    e.advanceTo(T0 + 3 * HOUR);
    assertEquals(1, sink.count(FindingKind.UNCONFIRMED_SALE));
    Finding f = sink.raised.stream().filter(x -> x.kind() == FindingKind.UNCONFIRMED_SALE).findFirst().orElseThrow();
    assertTrue(f.detail().contains("arrived 2 h after the terminal stamped it")
        && f.detail().contains("may be a late event of a sale TillWatch had already closed and forgotten"), f.detail());
  }

  @Test
  void aNewSaleStampedNowIsNotMarkedLate() {
    DetectionEngine e = completedAndForgotten(DetectionSettings.defaults());
    e.onTxnEvent(stamped("b", 5, STARTED, T0 + 30 * MIN), T0 + 30 * MIN);
    e.advanceTo(T0 + 40 * MIN);
    Finding f = sink.raised.stream().filter(x -> x.kind() == FindingKind.UNCONFIRMED_SALE).findFirst().orElseThrow();
    assertFalse(f.detail().contains("late event"), f.detail());
  }

  @Test
  void aTerminalWhoseClockIsBehindIsNotLateByThatAlone() {
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), sink, T0);
    long behind = 3 * HOUR;
    e.onTxnEvent(stamped("a", 1, STARTED, T0 - behind), T0);
    e.onTxnEvent(stamped("b", 2, STARTED, T0 + MIN - behind), T0 + MIN);
    e.advanceTo(T0 + 10 * MIN);
    Finding b = sink.raised.stream().filter(x -> x.txn().equals("b")).findFirst().orElseThrow();
    assertFalse(b.detail().contains("late event"), "its skew is known from sale a: " + b.detail());
  }

  @Test
  void aSaleEvictedOpenIsNotRememberedAsForgotten() {
    // An open sale dropped after terminalForget keeps its task open for a person; its late PRINTED
    // must still reach the engine (and a new sale), not vanish as a forgotten closed sale's.
    DetectionSettings s = DetectionSettings.builder().terminalForget(Duration.ofHours(2)).build();
    DetectionEngine e = new DetectionEngine(s, sink, T0);
    e.onTxnEvent(stamped("a", 1, AUTHORIZED, T0), T0);
    e.advanceTo(T0 + 3 * HOUR);
    assertFalse(e.tracksSale(M, T, "a"));
    assertEquals(0, e.stats().forgottenSalesRemembered());
    assertEquals(ApplyResult.APPLIED, e.onTxnEvent(stamped("a", 2, PRINTED, T0 + 2 * MIN), T0 + 3 * HOUR));
  }

  @Test
  void recoveryRemembersWhatTheJournalStillHolds() {
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), sink, T0 + 30 * MIN);
    e.replayTxnEvent(stamped("a", 2, AUTHORIZED, T0), T0, true);
    e.replayTxnEvent(stamped("a", 3, PRINTED, T0 + SEC), T0 + SEC, true);
    e.replayTxnEvent(stamped("a", 4, COMPLETED, T0 + 2 * SEC), T0 + 2 * SEC, true);
    e.finishRecovery(T0 + 30 * MIN);
    e.advanceTo(T0 + 30 * MIN + SEC);
    assertFalse(e.tracksSale(M, T, "a"));
    assertEquals(ApplyResult.FORGOTTEN_SALE, e.onTxnEvent(stamped("a", 1, STARTED, T0 - SEC), T0 + 40 * MIN));
    e.advanceTo(T0 + 3 * HOUR);
    assertEquals(0, sink.count(FindingKind.UNCONFIRMED_SALE), sink.raised.toString());
  }
}
