package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.M;
import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.SEC;
import static io.tillwatch.engine.Fixture.T;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static io.tillwatch.engine.Fixture.hb;
import static io.tillwatch.telemetry.EventType.DECLINED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An open terminal-level finding keeps its terminal past terminalForget (two hours here): only
 * the terminal's state can settle the finding when it is heard again. Once settled, or once a
 * person resolved its task, the terminal is forgotten on the usual clock.
 */
class KeptTerminalTest {
  private static final long HOUR = 60 * MIN;
  private static final DetectionSettings SETTINGS = DetectionSettings.builder().terminalForget(Duration.ofHours(2))
      .backlogTimeout(Duration.ofMinutes(15)).gapTimeout(Duration.ofMinutes(5)).build();
  private static final String SILENT_AT_T0 = "TERMINAL_SILENT:silent@" + T0;

  private final RecordingSink sink = new RecordingSink();
  private final DetectionEngine e = new DetectionEngine(SETTINGS, sink, T0);

  private boolean listed() {
    return e.terminals(new TerminalFilter(M, null, null, null, null), 10).total() == 1;
  }

  private FindingKey key(FindingKind kind, String subject) {
    return new FindingKey(kind, M, T, subject);
  }

  @Test
  void silentTerminalIsKeptPastForgetAndItsFindingClearsWhenHeardAgain() {
    e.onHeartbeat(hb(30, -1, 0), T0); // promises a heartbeat every 30 s, then dies
    e.advanceTo(T0 + 91 * SEC);
    assertEquals(Set.of(SILENT_AT_T0), sink.openSet());
    e.advanceTo(T0 + 2 * HOUR + MIN); // past terminalForget
    assertTrue(e.terminal(M, T).isPresent());
    assertTrue(listed());
    assertTrue(e.tracksTerminal(M, T));
    assertEquals(1, e.stats().trackedTerminals());
    assertEquals(0, e.stats().evictedTerminals());
    assertEquals(1L, e.stats().terminalsByLiveness().get(Liveness.SILENT));
    assertEquals(1L, e.stats().openFindingsByKind().get(FindingKind.TERMINAL_SILENT));
    e.advanceTo(T0 + 30 * 24 * HOUR); // a month: still there, nothing raised again
    assertTrue(e.terminal(M, T).isPresent());
    assertEquals(1, sink.count(FindingKind.TERMINAL_SILENT));

    long back = T0 + 30 * 24 * HOUR + MIN;
    e.onHeartbeat(hb(30, -1, 0), back);
    assertEquals(java.util.List.of(key(FindingKind.TERMINAL_SILENT, "silent@" + T0)), sink.cleared);
    assertTrue(sink.open.isEmpty());
    assertEquals(Liveness.ONLINE, e.terminal(M, T).orElseThrow().liveness());
    assertEquals(0L, e.stats().openFindingsByKind().get(FindingKind.TERMINAL_SILENT));
  }

  @Test
  void backlogKeepsTheTerminalUntilSettledThenTheUsualForgetClockApplies() {
    // no promised interval (0): this terminal is never silent, so only its backlog can hold it
    e.onHeartbeat(hb(0, -1, 3), T0);
    e.advanceTo(T0 + 2 * HOUR);
    assertEquals(Set.of("UPLOAD_BACKLOG:backlog@" + T0), sink.openSet());
    assertTrue(e.terminal(M, T).isPresent());
    assertEquals(1, e.stats().keptTerminals());

    long back = T0 + 5 * HOUR;
    e.onHeartbeat(hb(0, -1, 0), back);
    assertTrue(sink.open.isEmpty());
    assertEquals(0, e.stats().keptTerminals());
    e.advanceTo(back + 2 * HOUR - 1);
    assertTrue(e.terminal(M, T).isPresent());
    e.advanceTo(back + 2 * HOUR);
    assertTrue(e.terminal(M, T).isEmpty());
    assertFalse(listed());
    assertEquals(0, e.stats().trackedTerminals());
    assertEquals(1, e.stats().evictedTerminals());
    assertEquals(0L, e.stats().openFindingsByKind().get(FindingKind.UPLOAD_BACKLOG));
  }

  @Test
  void gapKeepsTheTerminalUntilTheMissingEventArrives() {
    e.onTxnEvent(ev("a", 1, DECLINED), T0);
    e.onTxnEvent(ev("c", 3, DECLINED), T0); // seq 2 missing
    e.advanceTo(T0 + 3 * HOUR); // both sales lingered and went; the gap stays open
    assertEquals(Set.of("TELEMETRY_GAP:seq:2-2"), sink.openSet());
    assertEquals(0, e.stats().trackedSales());
    assertTrue(e.terminal(M, T).isPresent());

    long back = T0 + 4 * HOUR;
    e.onTxnEvent(ev("b", 2, DECLINED), back);
    assertTrue(sink.open.isEmpty());
    e.advanceTo(back + 2 * HOUR); // its sale lingered 20 min and went; then the terminal
    assertTrue(e.terminal(M, T).isEmpty());
    assertEquals(1, e.stats().evictedTerminals());
  }

  @Test
  void keptTerminalsAreCountedOnlyOncePastTheirForgetTime() {
    e.onHeartbeat(hb(30, -1, 0), T0);
    e.advanceTo(T0 + HOUR);
    assertEquals(0, e.stats().keptTerminals()); // silent, but not yet due to be forgotten
    e.advanceTo(T0 + 2 * HOUR);
    assertEquals(1, e.stats().keptTerminals());
    assertEquals(1, e.stats().trackedTerminals());
    assertEquals(1, EngineStats.sum(java.util.List.of(e.stats(), e.stats())).keptTerminals() / 2);
  }

  @Test
  void aPersonResolvingTheTaskLetsTheTerminalGo() {
    e.onHeartbeat(hb(30, -1, 0), T0);
    e.advanceTo(T0 + HOUR);
    e.taskResolved(key(FindingKind.TERMINAL_SILENT, "silent@" + T0));
    e.advanceTo(T0 + 2 * HOUR - 1);
    assertTrue(e.terminal(M, T).isPresent()); // the usual forget clock, from when it was last heard
    e.advanceTo(T0 + 2 * HOUR);
    assertTrue(e.terminal(M, T).isEmpty());
    assertEquals(1, e.stats().evictedTerminals());
    assertEquals(0L, e.stats().terminalsByLiveness().get(Liveness.SILENT));
    assertEquals(0L, e.stats().openFindingsByKind().get(FindingKind.TERMINAL_SILENT));
    assertEquals(1, sink.count(FindingKind.TERMINAL_SILENT)); // never raised again on the way
  }

  @Test
  void aPersonResolvingTheTaskOfAKeptTerminalLetsItGoAtOnce() {
    e.onHeartbeat(hb(30, -1, 0), T0);
    e.advanceTo(T0 + 3 * HOUR);
    e.taskResolved(key(FindingKind.TERMINAL_SILENT, "silent@0")); // not its episode: nothing changes
    e.advanceTo(T0 + 3 * HOUR + SEC);
    assertTrue(e.terminal(M, T).isPresent());
    e.taskResolved(key(FindingKind.TERMINAL_SILENT, "silent@" + T0));
    e.advanceTo(T0 + 3 * HOUR + SEC);
    assertTrue(e.terminal(M, T).isEmpty());
    assertEquals(0, e.stats().keptTerminals());
  }

  @Test
  void aLetGoFindingStillSettlesWhenTheTerminalIsHeardAndStopsCounting() {
    e.onHeartbeat(hb(30, -1, 0), T0);
    e.advanceTo(T0 + HOUR);
    e.taskResolved(key(FindingKind.TERMINAL_SILENT, "silent@" + T0));
    e.onHeartbeat(hb(30, -1, 0), T0 + HOUR + MIN);
    assertTrue(sink.cleared.contains(key(FindingKind.TERMINAL_SILENT, "silent@" + T0)));
    // silent again: this new episode holds the terminal again, whatever became of the old one
    e.advanceTo(T0 + 10 * HOUR);
    assertTrue(e.terminal(M, T).isPresent());
    assertEquals(1, e.stats().keptTerminals());
  }
}
