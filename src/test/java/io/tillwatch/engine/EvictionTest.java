package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.M;
import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.SEC;
import static io.tillwatch.engine.Fixture.T;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.COMPLETED;
import static io.tillwatch.telemetry.EventType.DECLINED;
import static io.tillwatch.telemetry.EventType.PRINTED;
import static io.tillwatch.telemetry.EventType.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EvictionTest {
  private final RecordingSink sink = new RecordingSink();

  private static DetectionSettings settings(int maxSales) {
    DetectionSettings d = DetectionSettings.defaults();
    return new DetectionSettings(d.printTimeout(), d.outcomeTimeout(), d.doubleChargeWindow(),
        d.silenceFactor(), d.gapTimeout(), d.reversalTimeout(), d.backlogTimeout(), d.closedSaleLinger(),
        Duration.ofHours(2), maxSales, d.maxGapRanges(), d.tick(), d.forgottenSaleMemory());
  }

  @Test
  void closedSaleLingersThenIsEvicted() {
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), sink, T0);
    e.onTxnEvent(ev("a", 1, STARTED), T0);
    e.onTxnEvent(ev("a", 2, DECLINED), T0 + SEC);
    e.advanceTo(T0 + SEC + 20 * MIN - 1);
    assertEquals(1, e.stats().trackedSales());
    e.advanceTo(T0 + SEC + 20 * MIN);
    assertEquals(0, e.stats().trackedSales());
    assertEquals(1, e.stats().evictedSales());
  }

  @Test
  void lateEventWithinLingerIsAbsorbed() {
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), sink, T0);
    e.onTxnEvent(ev("a", 1, AUTHORIZED), T0);
    e.onTxnEvent(ev("a", 3, COMPLETED), T0);
    e.onTxnEvent(ev("a", 2, PRINTED), T0 + 10 * MIN); // late, the sale is still known: nothing raised
    e.advanceTo(T0 + 5 * 60 * MIN);
    assertEquals(1, sink.count(FindingKind.UNPRINTED_RECEIPT)); // raised at 60 s, cleared by the late PRINTED
    assertEquals(0, sink.open.size());
  }

  @Test
  void saleWithOpenFindingIsKeptUntilTerminalForgetThenEvicted() {
    DetectionEngine e = new DetectionEngine(settings(10), sink, T0);
    e.onTxnEvent(ev("a", 1, STARTED), T0);
    e.advanceTo(T0 + 100 * MIN);
    assertEquals(1, e.stats().trackedSales());
    e.advanceTo(T0 + 120 * MIN);
    assertEquals(0, e.stats().trackedSales());
    assertEquals(1, e.stats().evictedSales());
    assertEquals(0L, e.stats().openFindingsByKind().get(FindingKind.UNCONFIRMED_SALE));
    assertTrue(sink.openSet().contains("UNCONFIRMED_SALE:a")); // not cleared: a person decides
  }

  @Test
  void terminalIsForgottenWhenEmptyAndNotHeard() {
    DetectionEngine e = new DetectionEngine(settings(10), sink, T0);
    e.onHeartbeat(Fixture.hb(0, 1, 0), T0); // no promised interval: never silent, nothing open keeps it (KeptTerminalTest)
    e.onTxnEvent(ev("a", 1, STARTED), T0);
    e.onTxnEvent(ev("a", 2, DECLINED), T0);
    e.advanceTo(T0 + 119 * MIN);
    assertTrue(e.terminal(M, T).isPresent());
    e.advanceTo(T0 + 120 * MIN);
    assertTrue(e.terminal(M, T).isEmpty());
    assertEquals(1, e.stats().evictedTerminals());
    assertEquals(0, e.stats().trackedTerminals());
    assertEquals(0L, e.stats().terminalsByLiveness().get(Liveness.SILENT));
    assertEquals(0L, e.stats().openFindingsByKind().get(FindingKind.TERMINAL_SILENT));
  }

  @Test
  void maxSalesPerTerminalEvictsOldestClosedThenRefuses() {
    DetectionEngine e = new DetectionEngine(settings(3), sink, T0);
    long seq = 1;
    e.onTxnEvent(ev("closed1", seq++, DECLINED), T0);
    e.onTxnEvent(ev("closed2", seq++, DECLINED), T0 + SEC);
    e.onTxnEvent(ev("open1", seq++, STARTED), T0 + 2 * SEC);
    assertEquals(ApplyResult.APPLIED, e.onTxnEvent(ev("open2", seq++, STARTED), T0 + 3 * SEC));
    assertEquals(3, e.stats().trackedSales());
    assertEquals(1, e.stats().evictedSales()); // closed1 went first
    assertEquals(ApplyResult.APPLIED, e.onTxnEvent(ev("open3", seq++, STARTED), T0 + 4 * SEC));
    assertEquals(2, e.stats().evictedSales());
    assertEquals(ApplyResult.OVER_LIMIT, e.onTxnEvent(ev("open4", seq++, STARTED), T0 + 5 * SEC));
    assertEquals(1, e.stats().uncheckedEvents());
    assertEquals(1, e.stats().terminalsOverLimit());
    // an event of a tracked sale is still applied
    assertEquals(ApplyResult.APPLIED, e.onTxnEvent(ev("open1", seq++, DECLINED), T0 + 6 * SEC));
    // the refused event was counted as received: its seq is no gap
    e.advanceTo(T0 + 10 * MIN);
    assertEquals(0, sink.count(FindingKind.TELEMETRY_GAP));
  }

  /**
   * Past the limit every event of an untracked sale is counted (per event: the engine cannot tell
   * a new untracked txn from a known one without remembering them), and the terminal is counted as
   * refusing new sales until it has room again: a new sale tracked, or one of its sales gone.
   */
  @Test
  void eventsOfUntrackedSalesAreCountedAndTheTerminalUntilItHasRoom() {
    DetectionEngine e = new DetectionEngine(settings(3), sink, T0);
    long seq = 1;
    for (String txn : new String[] {"open1", "open2", "open3"}) {
      e.onTxnEvent(ev(txn, seq++, STARTED), T0);
    }
    assertEquals(0, e.stats().terminalsOverLimit());
    assertEquals(ApplyResult.OVER_LIMIT, e.onTxnEvent(ev("open4", seq++, STARTED), T0 + SEC));
    assertEquals(ApplyResult.OVER_LIMIT, e.onTxnEvent(ev("open4", seq++, AUTHORIZED), T0 + 2 * SEC));
    assertEquals(ApplyResult.OVER_LIMIT, e.onTxnEvent(ev("open5", seq++, STARTED), T0 + 3 * SEC));
    assertEquals(3, e.stats().uncheckedEvents(), "every unchecked event");
    assertEquals(1, e.stats().terminalsOverLimit(), "one terminal");
    // Another terminal at the limit counts once more.
    for (int i = 1; i <= 4; i++) {
      e.onTxnEvent(Fixture.ev("t2", "x" + i, i, STARTED, 100, "CNY", null), T0 + 4 * SEC);
    }
    assertEquals(2, e.stats().terminalsOverLimit());
    assertEquals(4, e.stats().uncheckedEvents());

    // A sale of the first terminal closes: the next new sale takes the closed one's place and is tracked.
    e.onTxnEvent(ev("open1", seq++, DECLINED), T0 + 5 * SEC);
    assertEquals(ApplyResult.APPLIED, e.onTxnEvent(ev("open6", seq++, STARTED), T0 + 6 * SEC));
    assertEquals(1, e.stats().terminalsOverLimit());
    // The second terminal's sales go after terminalForget (2 h here): it has room again.
    e.advanceTo(T0 + 121 * MIN);
    assertEquals(0, e.stats().terminalsOverLimit());
    assertEquals(4, e.stats().uncheckedEvents(), "a counter: it never goes down");
  }

  /** Recovery rebuilds which terminals refuse new sales, but does not count their events again. */
  @Test
  void replayRebuildsTheTerminalOverTheLimitWithoutCountingItsEventsAgain() {
    DetectionEngine e = new DetectionEngine(settings(3), sink, T0);
    for (int seq = 1; seq <= 5; seq++) {
      e.replayTxnEvent(ev("s" + seq, seq, STARTED), T0 + seq, true);
    }
    e.finishRecovery(T0 + SEC);
    assertEquals(1, e.stats().terminalsOverLimit());
    assertEquals(0, e.stats().uncheckedEvents(), "counted by the process that received them");
  }
}
