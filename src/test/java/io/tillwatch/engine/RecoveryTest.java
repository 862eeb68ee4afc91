package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.M;
import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.SEC;
import static io.tillwatch.engine.Fixture.T;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static io.tillwatch.engine.Fixture.hb;
import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.COMPLETED;
import static io.tillwatch.telemetry.EventType.PRINTED;
import static io.tillwatch.telemetry.EventType.PRINT_FAILED;
import static io.tillwatch.telemetry.EventType.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.TxnEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A crash, a restart an hour later, the journal replayed: overdue deadlines fire, downtime does not page. */
class RecoveryTest {
  record Journaled(TxnEvent e, long at) {}

  private final List<Journaled> journal = new ArrayList<>();
  private final RecordingSink before = new RecordingSink();
  private final DetectionEngine first = new DetectionEngine(DetectionSettings.defaults(), before, T0);

  private void receive(TxnEvent e, long at) {
    journal.add(new Journaled(e, at));
    first.onTxnEvent(e, at);
  }

  @Test
  void replayRaisesOverdueDeadlinesReRaisesOpenFindingsAndNeverPagesForDowntime() {
    first.onHeartbeat(hb(30, 2, 3), T0); // backlog episode starts at T0
    receive(ev("a", 1, STARTED, 400), T0); // will be UNCONFIRMED before the crash
    receive(ev("b", 2, AUTHORIZED, 2_000), T0 + SEC); // unprinted, due during the downtime
    receive(ev("c", 4, AUTHORIZED, 3_000), T0 + 2 * SEC); // seq 3 missing: a gap
    receive(ev("c", 5, PRINT_FAILED), T0 + 2 * SEC); // at once
    receive(ev("d", 6, AUTHORIZED, 4_000), T0 + 3 * SEC); // a clean sale
    receive(ev("d", 7, PRINTED), T0 + 3 * SEC);
    receive(ev("d", 8, COMPLETED), T0 + 3 * SEC);
    first.advanceTo(T0 + 59 * SEC);
    TerminalSnapshot stored = first.snapshotOf(M, T);
    assertEquals(Set.of("UNPRINTED_RECEIPT:c"), before.openSet());
    // crash at T0 + 59 s; restart at T0 + 60 min
    long restart = T0 + 60 * MIN;
    RecordingSink after = new RecordingSink();
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), after, restart);
    e.restoreTerminal(stored);
    for (Journaled j : journal) {
      e.replayTxnEvent(j.e(), j.at(), true);
    }
    assertTrue(after.raised.isEmpty());
    e.finishRecovery(restart);
    assertTrue(after.raised.isEmpty()); // nothing raised before time advances
    e.advanceTo(restart);
    assertEquals(Set.of("UNCONFIRMED_SALE:a", "UNPRINTED_RECEIPT:b", "UNPRINTED_RECEIPT:c",
        "TELEMETRY_GAP:seq:3-3", "UPLOAD_BACKLOG:backlog@" + T0), after.openSet());
    Finding unconfirmed = after.last(FindingKind.UNCONFIRMED_SALE);
    assertEquals(T0 + 120 * SEC, unconfirmed.dueAtMs()); // from the original receive time
    Finding printFailed = after.raised.stream().filter(f -> "c".equals(f.txn())).findFirst().orElseThrow();
    assertEquals(T0 + 2 * SEC, printFailed.raisedAtMs()); // at-once rule: the PRINT_FAILED receive time
    // the daemon was down for an hour: the terminal is not silent for that
    assertEquals(0, after.count(FindingKind.TERMINAL_SILENT));
    e.advanceTo(restart + 90 * SEC);
    assertEquals(0, after.count(FindingKind.TERMINAL_SILENT));
    // ...but its silence clock runs again from the restart
    e.advanceTo(restart + 90 * SEC + 1);
    assertEquals("silent@" + (T0 + 3 * SEC), after.last(FindingKind.TERMINAL_SILENT).key().subject());
    // redelivered events after recovery are still duplicates
    assertEquals(ApplyResult.DUPLICATE, e.onTxnEvent(ev("a", 1, STARTED, 400), restart + 2 * MIN));
    // a late outcome still clears
    e.onTxnEvent(ev("a", 9, AUTHORIZED, 400), restart + 2 * MIN);
    assertTrue(!after.openSet().contains("UNCONFIRMED_SALE:a"));
  }

  @Test
  void offlineTerminalIsReRaisedAndDoubleChargeIsFoundAfterReplay() {
    RecordingSink after = new RecordingSink();
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), after, T0 + 30 * MIN);
    e.restoreTerminal(new TerminalSnapshot(M, T, T0, false, 30, -1, 0, -1, "OK", null, null, null, null,
        null, T0));
    e.replayTxnEvent(ev("a", 1, STARTED, 999), T0, false);
    e.replayTxnEvent(ev("b", 2, AUTHORIZED, 999), T0 + MIN, false);
    e.replayTxnEvent(ev("b", 3, PRINTED), T0 + MIN, false);
    e.finishRecovery(T0 + 30 * MIN);
    e.advanceTo(T0 + 30 * MIN);
    // replayed events count as heard (lastHeardMs), the status stays what the snapshot says
    assertEquals(Set.of("TERMINAL_SILENT:silent@" + (T0 + MIN), "UNCONFIRMED_SALE:a", "DOUBLE_CHARGE_RISK:b"),
        after.openSet());
    assertEquals(Severity.CRITICAL, after.last(FindingKind.TERMINAL_SILENT).severity());
    // without trackSequence nothing was recorded: a redelivery is applied again, harmlessly
    assertEquals(ApplyResult.APPLIED, e.onTxnEvent(ev("b", 3, PRINTED), T0 + 31 * MIN));
    assertEquals(Liveness.ONLINE, e.terminal(M, T).orElseThrow().liveness());
  }

  @Test
  void aSilentTerminalKeptPastForgetIsStillKeptAndSettledAfterARestart() {
    first.onHeartbeat(hb(30, -1, 0), T0);
    first.advanceTo(T0 + 8 * 24 * 60 * MIN); // silent since T0 + 90 s, past the 7-day terminal-forget
    assertTrue(first.tracksTerminal(M, T));
    FindingKey silent = new FindingKey(FindingKind.TERMINAL_SILENT, M, T, "silent@" + T0);
    assertEquals(Set.of("TERMINAL_SILENT:silent@" + T0), before.openSet());
    TerminalSnapshot stored = first.snapshotOf(M, T);

    long restart = T0 + 9 * 24 * 60 * MIN;
    RecordingSink after = new RecordingSink();
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), after, restart);
    e.restoreTerminal(stored);
    e.finishRecovery(restart);
    assertTrue(e.reconcile(silent)); // the task store still holds it open: it goes back to the engine
    e.advanceTo(restart + 60 * MIN);
    assertTrue(e.tracksTerminal(M, T));
    assertEquals(Liveness.SILENT, e.terminal(M, T).orElseThrow().liveness());
    assertEquals(1L, e.stats().openFindingsByKind().get(FindingKind.TERMINAL_SILENT));
    assertTrue(after.raised.isEmpty());
    e.onHeartbeat(hb(30, -1, 0), restart + 61 * MIN);
    assertEquals(List.of(silent), after.cleared);
    // heard after the episode began: a task of it left open by a crash no longer holds
    assertTrue(!e.stillHolds(silent));
  }

  @Test
  void aBacklogTaskHoldsOnlyWhileTheStoredSnapshotShowsItsEpisode() {
    RecordingSink after = new RecordingSink();
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), after, T0 + 60 * MIN);
    e.restoreTerminal(new TerminalSnapshot(M, T, T0, true, 30, -1, 2, T0 - MIN, "OK", null, null, null, null, null, T0));
    e.finishRecovery(T0 + 60 * MIN);
    assertTrue(e.stillHolds(new FindingKey(FindingKind.UPLOAD_BACKLOG, M, T, "backlog@" + (T0 - MIN))));
    assertTrue(!e.stillHolds(new FindingKey(FindingKind.UPLOAD_BACKLOG, M, T, "backlog@" + (T0 - 60 * MIN))));
    assertTrue(e.stillHolds(new FindingKey(FindingKind.UPLOAD_BACKLOG, M, "unknown", "backlog@0")));
  }
}
