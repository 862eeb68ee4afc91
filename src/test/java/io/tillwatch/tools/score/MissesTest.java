package io.tillwatch.tools.score;

import static io.tillwatch.engine.FindingKind.TELEMETRY_GAP;
import static io.tillwatch.engine.FindingKind.UNCONFIRMED_SALE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MissesTest {
  private static final long STOPPED = 100_000;
  private static final long FIRST_LOOK = 107_000;

  private static GroundTruthRecord truth(FindingKind kind, String terminal, String txn, long at) {
    return new GroundTruthRecord(kind, "m001", terminal, txn, null, at, "seq 5..7");
  }

  private static ObservedTask task(FindingKind kind, String terminal, String subject, long detectedAt) {
    return new ObservedTask(kind, "m001", terminal, subject, "OPEN", null, null, null, null, detectedAt);
  }

  private final List<GroundTruthRecord> truth = List.of(
      truth(TELEMETRY_GAP, "t1", "seq:5-5", 95_000), truth(TELEMETRY_GAP, "t2", "seq:6-6", 96_000), truth(UNCONFIRMED_SALE, "t3", "c", 90_000));

  @Test
  void aFindingRaisedAfterTheFirstLookIsLateAndOneNeverRaisedIsLost() {
    List<ObservedTask> atFirstLook = List.of(task(UNCONFIRMED_SALE, "t3", "c", 99_000));
    Map<FindingKind, KindScore> first = GroundTruthScorer.score(truth, findings(atFirstLook), STOPPED);
    assertEquals(2, Misses.count(first));

    List<ObservedTask> atRecheck = List.of(atFirstLook.get(0), task(TELEMETRY_GAP, "t2", "seq:5-7", 112_500));
    Map<FindingKind, KindScore> second = GroundTruthScorer.score(truth, findings(atRecheck), STOPPED);
    String report = Misses.recheck(first, second, atRecheck, FIRST_LOOK, STOPPED);

    assertTrue(report.contains("recheck TELEMETRY_GAP        missed    2 at the first look: 1 found since (late), 1 still missing (lost)"), report);
    assertTrue(report.contains("late: TELEMETRY_GAP m001/t2 seq:5-7 raised 12.5 s after the load stopped, 5.5 s after the first look"),
        report);
    assertEquals(2, report.lines().count(), report);
  }

  @Test
  void theListNamesEachMissWithItsTerminalAndWhenItWasInjected() {
    Map<FindingKind, KindScore> first = GroundTruthScorer.score(truth, List.of(), STOPPED);
    String listed = Misses.listed(first, STOPPED);
    assertTrue(listed.contains("missed: TELEMETRY_GAP m001/t1 seq:5-5, injected 5.0 s before the load stopped (seq 5..7)"), listed);
    assertTrue(listed.contains("missed: UNCONFIRMED_SALE m001/t3 sale c, injected 10.0 s before the load stopped"), listed);
    assertEquals(3, listed.lines().count(), listed);
  }

  @Test
  void moreThanFiveMissesOfAKindAreCountedNotListed() {
    List<GroundTruthRecord> many = java.util.stream.IntStream.range(0, 8)
        .mapToObj(i -> truth(UNCONFIRMED_SALE, "t" + i, "x" + i, 90_000 + i)).toList();
    String listed = Misses.listed(GroundTruthScorer.score(many, List.of(), STOPPED), STOPPED);
    assertEquals(6, listed.lines().count(), listed);
    assertTrue(listed.endsWith("missed: UNCONFIRMED_SALE and 3 more\n"), listed);
  }

  private static List<ObservedFinding> findings(List<ObservedTask> tasks) {
    return tasks.stream().map(ObservedTask::finding).toList();
  }
}
