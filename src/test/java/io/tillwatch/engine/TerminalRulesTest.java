package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.M;
import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.SEC;
import static io.tillwatch.engine.Fixture.T;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static io.tillwatch.engine.Fixture.hb;
import static io.tillwatch.engine.Fixture.status;
import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.PRINTED;
import static io.tillwatch.telemetry.EventType.STARTED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.Heartbeat;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TerminalRulesTest {
  private final RecordingSink sink = new RecordingSink();
  private final DetectionEngine engine = new DetectionEngine(DetectionSettings.defaults(), sink, T0);

  private Liveness liveness() {
    return engine.terminal(M, T).orElseThrow().liveness();
  }

  @Test
  void silentAfterFactorTimesIntervalAndClearedWhenHeard() {
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0);
    engine.advanceTo(T0 + 90 * SEC);
    assertTrue(sink.raised.isEmpty());
    assertEquals(Liveness.ONLINE, liveness());
    engine.advanceTo(T0 + 90 * SEC + 1);
    Finding f = sink.last(FindingKind.TERMINAL_SILENT);
    assertEquals("silent@" + T0, f.key().subject());
    assertEquals(Severity.WARNING, f.severity());
    assertEquals(T0 + 90 * SEC, f.dueAtMs());
    assertEquals(Liveness.SILENT, liveness());
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0 + 5 * MIN);
    assertEquals(Set.of(), sink.openSet());
    assertEquals(Liveness.ONLINE, liveness());
  }

  @Test
  void everyMessageKeepsTheTerminalHeard() {
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0);
    engine.onTxnEvent(ev("a", 1, STARTED), T0 + 80 * SEC);
    engine.onStatus(status(true), T0 + 160 * SEC);
    engine.advanceTo(T0 + 250 * SEC);
    assertEquals(0, sink.count(FindingKind.TERMINAL_SILENT));
  }

  @Test
  void noSilenceDetectionBeforeTheFirstHeartbeat() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.onTxnEvent(ev("a", 2, AUTHORIZED), T0);
    engine.onTxnEvent(ev("a", 3, PRINTED), T0);
    engine.advanceTo(T0 + 24 * 60 * MIN);
    assertEquals(0, sink.count(FindingKind.TERMINAL_SILENT));
  }

  @Test
  void lastWillRaisesAtOnceAndOnlineClearsIt() {
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0);
    engine.onStatus(status(false), T0 + 10 * SEC);
    Finding f = sink.last(FindingKind.TERMINAL_SILENT);
    assertEquals(T0 + 10 * SEC, f.raisedAtMs());
    assertEquals("silent@" + T0, f.key().subject()); // the Last Will is not the terminal speaking
    assertEquals(Liveness.OFFLINE, liveness());
    engine.advanceTo(T0 + 10 * MIN);
    assertEquals(1, sink.count(FindingKind.TERMINAL_SILENT)); // not raised twice
    engine.onStatus(status(true), T0 + 11 * MIN);
    assertEquals(Set.of(), sink.openSet());
    assertEquals(Liveness.ONLINE, liveness());
  }

  @Test
  void silenceIsCriticalWhileOpenSalesAreHeldAndSeverityFollowsThem() {
    DetectionSettings s = withForget(DetectionSettings.defaults(), Duration.ofMinutes(30));
    DetectionEngine e = new DetectionEngine(s, sink, T0);
    e.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0);
    e.onTxnEvent(ev("a", 1, AUTHORIZED), T0);
    e.onTxnEvent(ev("a", 2, PRINTED), T0); // open: awaiting completion
    e.advanceTo(T0 + 91 * SEC);
    Finding silent = sink.last(FindingKind.TERMINAL_SILENT);
    assertEquals(Severity.CRITICAL, silent.severity());
    assertTrue(silent.action().startsWith("Nothing has been heard from the terminal and it holds an open sale: "
        + "a (¥10.00, awaiting completion)."), silent.action());
    // the sale ages out (terminalForget = 30 min): no open sale left, so the silence is a warning
    e.advanceTo(T0 + 31 * MIN);
    assertEquals(List.of("TERMINAL_SILENT:WARNING"), sink.severityChanges);
  }

  @Test
  void aDeadlineUnderAMinuteIsSaidInSeconds() {
    assertEquals("20 s", TerminalRule.span(20_000));
    assertEquals("15 min", TerminalRule.span(15 * MIN));
  }

  @Test
  void silenceWithoutOpenSalesIsAWarning() {
    engine.onHeartbeat(hb(10, Heartbeat.ABSENT, 0), T0);
    engine.advanceTo(T0 + MIN);
    assertEquals(Severity.WARNING, sink.last(FindingKind.TERMINAL_SILENT).severity());
    assertEquals(FindingKind.TERMINAL_SILENT.action(), sink.last(FindingKind.TERMINAL_SILENT).action());
  }

  @Test
  void uploadBacklogAfterTimeoutAndClearedByZero() {
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 2), T0);
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 3), T0 + 10 * MIN);
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 1), T0 + 20 * MIN);
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 1), T0 + 30 * MIN);
    assertEquals(0, sink.count(FindingKind.UPLOAD_BACKLOG));
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 1), T0 + 30 * MIN + 1);
    Finding f = sink.last(FindingKind.UPLOAD_BACKLOG);
    assertEquals("backlog@" + T0, f.key().subject());
    assertEquals(T0 + 30 * MIN, f.dueAtMs());
    assertTrue(f.detail().endsWith("pending upload for over 30 min."), f.detail());
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0 + 31 * MIN);
    assertEquals(Set.of(), sink.openSet());
    // a new episode gets a new subject
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 5), T0 + 40 * MIN);
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 5), T0 + 70 * MIN + 1);
    assertEquals("backlog@" + (T0 + 40 * MIN), sink.last(FindingKind.UPLOAD_BACKLOG).key().subject());
  }

  @Test
  void backlogThatEndsInTimeRaisesNothing() {
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 2), T0);
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0 + 29 * MIN);
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 0), T0 + 59 * MIN);
    assertEquals(0, sink.count(FindingKind.UPLOAD_BACKLOG));
  }

  @Test
  void gapFromASeqJumpRaisesAfterTimeoutAndFillClearsIt() {
    engine.onTxnEvent(ev("a", 10, STARTED), T0);
    engine.onTxnEvent(ev("c", 14, STARTED), T0 + SEC); // 11..13 missing
    assertArrayEquals(new long[] {11, 13}, engine.terminal(M, T).orElseThrow().missingSeqRanges().get(0));
    engine.advanceTo(T0 + SEC + 60 * SEC);
    assertEquals(0, sink.count(FindingKind.TELEMETRY_GAP));
    engine.advanceTo(T0 + SEC + 60 * SEC + 1);
    Finding f = sink.last(FindingKind.TELEMETRY_GAP);
    assertEquals("seq:11-13", f.key().subject());
    assertEquals(Severity.WARNING, f.severity());
    engine.onTxnEvent(ev("a", 12, AUTHORIZED), T0 + 2 * MIN);
    engine.onTxnEvent(ev("b", 11, STARTED), T0 + 2 * MIN);
    assertTrue(sink.openSet().contains("TELEMETRY_GAP:seq:11-13"));
    engine.onTxnEvent(ev("b", 13, AUTHORIZED), T0 + 2 * MIN);
    assertTrue(!sink.openSet().contains("TELEMETRY_GAP:seq:11-13"));
    assertEquals(0, engine.terminal(M, T).orElseThrow().missingSeqRanges().size());
  }

  @Test
  void gapFilledInTimeRaisesNothing() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.onTxnEvent(ev("a", 3, PRINTED), T0);
    engine.onTxnEvent(ev("a", 2, AUTHORIZED), T0 + 59 * SEC);
    engine.advanceTo(T0 + 10 * MIN);
    assertEquals(0, sink.count(FindingKind.TELEMETRY_GAP));
  }

  @Test
  void gapFromHeartbeatLastSeq() {
    engine.onTxnEvent(ev("a", 5, STARTED), T0);
    engine.onHeartbeat(hb(30, 7, 0), T0 + SEC); // 6 and 7 were published, never arrived
    engine.advanceTo(T0 + 62 * SEC);
    assertEquals("seq:6-7", sink.last(FindingKind.TELEMETRY_GAP).key().subject());
    engine.onTxnEvent(ev("a", 6, AUTHORIZED), T0 + 70 * SEC);
    engine.onTxnEvent(ev("a", 7, PRINTED), T0 + 70 * SEC);
    assertEquals(Set.of(), sink.openSet());
    assertEquals(7, engine.terminal(M, T).orElseThrow().highestSeq());
  }

  @Test
  void aGapFindingNamesWhatIsStillMissingNotTheWholeRangeAsDetected() {
    engine.onTxnEvent(ev("a", 761, STARTED), T0);
    engine.onHeartbeat(hb(30, 783, 0), T0 + SEC); // overtook the events still being journaled: 762..783 open
    for (long seq = 762; seq <= 782; seq++) {
      if (seq != 771) {
        engine.onTxnEvent(ev("s" + seq, seq, STARTED), T0 + 2 * SEC);
      }
    }
    engine.advanceTo(T0 + 62 * SEC);
    Finding f = sink.last(FindingKind.TELEMETRY_GAP);
    assertEquals("seq:762-783", f.key().subject());
    assertEquals("Transaction events seq 771, 783 (2 of 762..783) did not arrive within 60 s.", f.detail());
  }

  @Test
  void aGapFindingWithEveryEventMissingNamesTheRange() {
    engine.onTxnEvent(ev("a", 10, STARTED), T0);
    engine.onTxnEvent(ev("c", 14, STARTED), T0 + SEC);
    engine.advanceTo(T0 + 62 * SEC);
    assertEquals("Transaction events seq 11..13 (3) did not arrive within 60 s.", sink.last(FindingKind.TELEMETRY_GAP).detail());
  }

  @Test
  void hugeJumpIsACounterResetNotAGap() {
    engine.onTxnEvent(ev("a", 500_000, STARTED), T0);
    engine.onTxnEvent(ev("a", 1, AUTHORIZED), T0 + SEC);
    engine.onTxnEvent(ev("a", 2, PRINTED), T0 + SEC);
    engine.advanceTo(T0 + 10 * MIN);
    assertEquals(0, sink.count(FindingKind.TELEMETRY_GAP));
  }

  @Test
  void stats_countTerminalFindingsAndLiveness() {
    engine.onHeartbeat(hb(30, Heartbeat.ABSENT, 4), T0);
    engine.onStatus(status(false), T0 + SEC);
    engine.advanceTo(T0 + 31 * MIN);
    EngineStats st = engine.stats();
    assertEquals(1L, st.terminalsByLiveness().get(Liveness.OFFLINE));
    assertEquals(1L, st.openFindingsByKind().get(FindingKind.TERMINAL_SILENT));
    assertEquals(1L, st.openFindingsByKind().get(FindingKind.UPLOAD_BACKLOG));
    assertEquals(4, st.pendingUploads());
    assertEquals(1L, st.printerStates().get("OK"));
  }

  static DetectionSettings withForget(DetectionSettings d, Duration forget) {
    return new DetectionSettings(d.printTimeout(), d.outcomeTimeout(), d.doubleChargeWindow(),
        d.silenceFactor(), d.gapTimeout(), d.reversalTimeout(), d.backlogTimeout(), d.closedSaleLinger(),
        forget, d.maxSalesPerTerminal(), d.maxGapRanges(), d.tick(), d.forgottenSaleMemory());
  }
}
