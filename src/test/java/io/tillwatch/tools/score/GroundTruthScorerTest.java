package io.tillwatch.tools.score;

import static io.tillwatch.engine.FindingKind.DOUBLE_CHARGE_RISK;
import static io.tillwatch.engine.FindingKind.TELEMETRY_GAP;
import static io.tillwatch.engine.FindingKind.TERMINAL_SILENT;
import static io.tillwatch.engine.FindingKind.UNCONFIRMED_SALE;
import static io.tillwatch.engine.FindingKind.UNPRINTED_RECEIPT;
import static io.tillwatch.engine.FindingKind.UPLOAD_BACKLOG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroundTruthScorerTest {

  private static GroundTruthRecord truth(FindingKind kind, String terminal, String txn, long at) {
    return new GroundTruthRecord(kind, "m001", terminal, txn, null, at, "test");
  }

  private static ObservedFinding seen(FindingKind kind, String terminal, String subject) {
    return new ObservedFinding(kind, "m001", terminal, subject);
  }

  @Test
  void perSaleKindsMatchOnTxn() {
    List<GroundTruthRecord> t = List.of(
        truth(UNCONFIRMED_SALE, "t1", "a", 1), truth(UNCONFIRMED_SALE, "t1", "b", 2), truth(UNCONFIRMED_SALE, "t2", "a", 3));
    List<ObservedFinding> f = List.of(
        seen(UNCONFIRMED_SALE, "t1", "a"), seen(UNCONFIRMED_SALE, "t1", "a"), // duplicate report counts once
        seen(UNCONFIRMED_SALE, "t2", "zz"), seen(UNPRINTED_RECEIPT, "t1", "b"));
    Map<FindingKind, KindScore> s = GroundTruthScorer.score(t, f);
    KindScore u = s.get(UNCONFIRMED_SALE);
    assertEquals(3, u.expected());
    assertEquals(2, u.found());
    assertEquals(1, u.matched());
    assertEquals(List.of("b", "a"), u.missed().stream().map(GroundTruthRecord::txn).toList());
    assertEquals(List.of(seen(UNCONFIRMED_SALE, "t2", "zz")), u.unexpected());
    KindScore p = s.get(UNPRINTED_RECEIPT);
    assertEquals(0, p.expected());
    assertEquals(1, p.unexpectedCount());
    assertEquals(1.0, s.get(DOUBLE_CHARGE_RISK).recall());
  }

  @Test
  void terminalKindsMatchOnTerminalAsMultiset() {
    List<GroundTruthRecord> t = List.of(
        truth(TERMINAL_SILENT, "t1", null, 1), truth(TERMINAL_SILENT, "t1", null, 2),
        truth(TELEMETRY_GAP, "t3", "seq:7-7", 3), truth(UPLOAD_BACKLOG, "t4", null, 4));
    List<ObservedFinding> f = List.of(
        seen(TERMINAL_SILENT, "t1", "silent@999"), seen(TERMINAL_SILENT, "t2", "silent@5"),
        seen(TELEMETRY_GAP, "t3", "seq:7-8"), seen(UPLOAD_BACKLOG, "t4", "backlog@1"), seen(UPLOAD_BACKLOG, "t4", "backlog@2"));
    Map<FindingKind, KindScore> s = GroundTruthScorer.score(t, f);
    KindScore silent = s.get(TERMINAL_SILENT);
    assertEquals(2, silent.expected());
    assertEquals(2, silent.found());
    assertEquals(1, silent.matched());
    assertEquals(1, silent.missedCount());
    assertEquals(List.of(seen(TERMINAL_SILENT, "t2", "silent@5")), silent.unexpected());
    assertEquals(1, s.get(TELEMETRY_GAP).matched());
    assertEquals(0, s.get(TELEMETRY_GAP).unexpectedCount());
    KindScore backlog = s.get(UPLOAD_BACKLOG);
    assertEquals(1, backlog.matched());
    assertEquals(1, backlog.unexpectedCount());
  }

  @Test
  void gapsMatchOnSeqsSoOneFindingForGapsOpenAtTheSameTimeFindsThemAll() {
    List<GroundTruthRecord> t = List.of(
        truth(TELEMETRY_GAP, "t1", "seq:771-771", 1), truth(TELEMETRY_GAP, "t1", "seq:783-783", 2),
        truth(TELEMETRY_GAP, "t1", "seq:900-900", 3), truth(TELEMETRY_GAP, "t2", "seq:771-771", 4),
        truth(TELEMETRY_GAP, "t3", "seq:5-5", 500));
    List<ObservedFinding> f = List.of(
        seen(TELEMETRY_GAP, "t1", "seq:762-783"), seen(TELEMETRY_GAP, "t2", "seq:10-12"), seen(TELEMETRY_GAP, "t3", "seq:5-5"));
    KindScore gap = GroundTruthScorer.score(t, f, 100).get(TELEMETRY_GAP);
    assertEquals(4, gap.expected());
    assertEquals(2, gap.matched(), "771 and 783 in the one range 762-783");
    assertEquals(List.of("seq:900-900", "seq:771-771"), gap.missed().stream().map(GroundTruthRecord::txn).toList());
    assertEquals(List.of(seen(TELEMETRY_GAP, "t2", "seq:10-12")), gap.unexpected(), "holds no injected gap");
    assertEquals(2, gap.found(), "t3's finding is of a gap injected after the cut-off: ignored");
  }

  @Test
  void cutoffIgnoresFaultsTooRecentToJudge() {
    List<GroundTruthRecord> t = List.of(
        truth(UNCONFIRMED_SALE, "t1", "old", 100), truth(UNCONFIRMED_SALE, "t1", "new", 200),
        truth(TERMINAL_SILENT, "t1", null, 100), truth(TERMINAL_SILENT, "t1", null, 200));
    List<ObservedFinding> f = List.of(
        seen(UNCONFIRMED_SALE, "t1", "new"), seen(TERMINAL_SILENT, "t1", "a"), seen(TERMINAL_SILENT, "t1", "b"));
    Map<FindingKind, KindScore> s = GroundTruthScorer.score(t, f, 150);
    KindScore u = s.get(UNCONFIRMED_SALE);
    assertEquals(1, u.expected());
    assertEquals(0, u.found());
    assertEquals(1, u.missedCount());
    assertEquals(0, u.unexpectedCount());
    KindScore silent = s.get(TERMINAL_SILENT);
    assertEquals(1, silent.expected());
    assertEquals(1, silent.matched());
    assertEquals(1, silent.found());
    assertEquals(0, silent.unexpectedCount());
  }
}
