package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import io.tillwatch.sim.MoneyTruth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores where each money finding's task ended against the right end states the ground truth gives
 * (the back-office follow-up table: reprinted, collect again, refund the duplicate, false alarm, no
 * charge, refund by hand, check by hand). Pure: no I/O, no clock.
 *
 * <p>Matching is as for detection: kind + merchant + terminal + txn. Only ground-truth lines with a
 * money truth are judged (older files have none); faults injected at or after the cut-off are not
 * judged yet. A finding with no task is counted apart ("no task"): detection's score already counts
 * it as missed.
 */
public final class FollowUpScorer {
  private FollowUpScorer() {}

  public static Map<FindingKind, FollowUpScore> score(List<GroundTruthRecord> truth, List<ObservedTask> tasks, long injectedBeforeMs) {
    Map<String, ObservedTask> byKey = new HashMap<>();
    for (ObservedTask t : tasks) {
      byKey.putIfAbsent(key(t.kind(), t.merchant(), t.terminal(), t.subject()), t);
    }
    Map<FindingKind, FollowUpScore> out = new EnumMap<>(FindingKind.class);
    for (FindingKind kind : FindingKind.values()) {
      if (!MoneyTruth.isMoneyKind(kind)) {
        continue;
      }
      int judged = 0;
      int right = 0;
      List<FollowUpScore.Miss> wrong = new ArrayList<>();
      List<GroundTruthRecord> noTask = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (GroundTruthRecord r : truth) {
        if (r.kind() != kind || r.money() == null || r.injectedAtMs() >= injectedBeforeMs) {
          continue;
        }
        String k = key(kind, r.merchant(), r.terminal(), r.txn());
        if (!seen.add(k)) {
          continue;
        }
        judged++;
        ObservedTask t = byKey.get(k);
        if (t == null) {
          noTask.add(r);
        } else if (r.rightEnds().contains(t.end())) {
          right++;
        } else {
          wrong.add(new FollowUpScore.Miss(r, t.end()));
        }
      }
      out.put(kind, new FollowUpScore(kind, judged, right, List.copyOf(wrong), List.copyOf(noTask)));
    }
    return out;
  }

  /** Automatic resolutions and next steps over every task of a money kind. */
  public static FollowUpScore.Tally tally(List<ObservedTask> tasks) {
    Map<FindingKind, Map<String, Integer>> auto = new EnumMap<>(FindingKind.class);
    Map<FindingKind, Map<String, Integer>> steps = new EnumMap<>(FindingKind.class);
    for (ObservedTask t : tasks) {
      if (!MoneyTruth.isMoneyKind(t.kind())) {
        continue;
      }
      String end = t.end();
      if (end.startsWith("RESOLVED:")) {
        auto.computeIfAbsent(t.kind(), k -> new TreeMap<>()).merge(t.resolution(), 1, Integer::sum);
      } else if (end.startsWith("OPEN:")) {
        steps.computeIfAbsent(t.kind(), k -> new TreeMap<>()).merge(end.substring("OPEN:".length()), 1, Integer::sum);
      }
    }
    return new FollowUpScore.Tally(auto, steps);
  }

  private static String key(FindingKind kind, String merchant, String terminal, String txn) {
    return kind.name() + '|' + merchant + '|' + terminal + '|' + txn;
  }
}
