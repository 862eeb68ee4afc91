package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a scoring that came up short missed, and whether a second look finds it: found then, it was
 * late; still missing, it was lost. A benchmark scores a fixed time after the load, so a finding held
 * back by a backlog and a finding never raised look the same at the first look.
 */
public final class Misses {
  static final int SHOWN_PER_KIND = 5;

  private Misses() {}

  public static int count(Map<FindingKind, KindScore> scores) {
    return scores.values().stream().mapToInt(KindScore::missedCount).sum();
  }

  /** Up to five missed faults per kind, each with its terminal, sale (or seqs) and when it was injected relative to the load's end. */
  public static String listed(Map<FindingKind, KindScore> scores, long stoppedAtMs) {
    StringBuilder b = new StringBuilder();
    for (KindScore s : scores.values()) {
      for (GroundTruthRecord r : s.missed().subList(0, Math.min(SHOWN_PER_KIND, s.missedCount()))) {
        b.append(String.format(Locale.ROOT, "    missed: %s %s/%s %s%s, injected %.1f s before the load stopped%s%n", s.kind(),
            r.merchant(), r.terminal(), s.kind().perSale() ? "sale " : "", r.txn(), (stoppedAtMs - r.injectedAtMs()) / 1000.0,
            r.detail() == null || r.detail().isEmpty() ? "" : " (" + r.detail() + ")"));
      }
      if (s.missedCount() > SHOWN_PER_KIND) {
        b.append(String.format(Locale.ROOT, "    missed: %s and %d more%n", s.kind(), s.missedCount() - SHOWN_PER_KIND));
      }
    }
    return b.toString();
  }

  /**
   * The second look, scored with the same cut-off as the first: per kind with misses, how many are now
   * found (late) and how many still missing (lost); then, for the missed terminals and sales, each
   * finding raised after the first look, with when.
   */
  public static String recheck(Map<FindingKind, KindScore> first, Map<FindingKind, KindScore> second, List<ObservedTask> tasks,
      long firstLookMs, long stoppedAtMs) {
    StringBuilder b = new StringBuilder();
    Set<String> missedKeys = new HashSet<>();
    for (KindScore s : first.values()) {
      if (s.missedCount() == 0) {
        continue;
      }
      int still = second.get(s.kind()).missedCount();
      b.append(String.format(Locale.ROOT, "  recheck %-20s missed %4d at the first look: %d found since (late), %d still missing (lost)%n",
          s.kind(), s.missedCount(), Math.max(0, s.missedCount() - still), still));
      s.missed().forEach(r -> missedKeys.add(key(s.kind(), r.terminal(), s.kind().perSale() ? r.txn() : null)));
    }
    for (ObservedTask t : tasks) {
      boolean ofAMiss = missedKeys.contains(key(t.kind(), t.terminal(), t.kind().perSale() ? t.subject() : null));
      if (ofAMiss && t.detectedAtMs() > firstLookMs) {
        b.append(String.format(Locale.ROOT, "    late: %s %s/%s %s raised %.1f s after the load stopped, %.1f s after the first look%n",
            t.kind(), t.merchant(), t.terminal(), t.subject(), (t.detectedAtMs() - stoppedAtMs) / 1000.0,
            (t.detectedAtMs() - firstLookMs) / 1000.0));
      }
    }
    return b.toString();
  }

  private static String key(FindingKind kind, String terminal, String txn) {
    return kind + "|" + terminal + "|" + txn;
  }
}
