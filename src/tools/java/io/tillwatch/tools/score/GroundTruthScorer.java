package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the injected faults with what TillWatch found. Pure: no I/O, no clock.
 *
 * <p>Matching. Per-sale kinds match on kind + merchant + terminal + txn; a finding reported twice
 * for the same key counts once (tasks are deduplicated by that key anyway). TELEMETRY_GAP matches on
 * seqs: an injected gap ({@code seq:783-783}) is found when a finding of its terminal names a range
 * that holds it ({@code seq:762-783}); the daemon raises one finding for gaps open at the same time,
 * so one finding may find several, and a finding that holds none is unexpected. The other
 * terminal-level kinds (TERMINAL_SILENT, UPLOAD_BACKLOG) have subjects that depend on the daemon's
 * clock, so they match on kind + terminal only, as multisets: two injected silences on a terminal
 * and one reported give one match and one miss.
 *
 * <p>Cut-off. Faults injected at or after {@code injectedBeforeMs} are not expected yet (their
 * deadline may not have passed); a reported finding that matches one of them is neither a match nor
 * unexpected: it is ignored.
 */
public final class GroundTruthScorer {
  private GroundTruthScorer() {}

  public static Map<FindingKind, KindScore> score(List<GroundTruthRecord> truth, List<ObservedFinding> found) {
    return score(truth, found, Long.MAX_VALUE);
  }

  public static Map<FindingKind, KindScore> score(List<GroundTruthRecord> truth, List<ObservedFinding> found, long injectedBeforeMs) {
    Map<FindingKind, KindScore> result = new EnumMap<>(FindingKind.class);
    for (FindingKind kind : FindingKind.values()) {
      List<GroundTruthRecord> t = truth.stream().filter(r -> r.kind() == kind).toList();
      List<ObservedFinding> f = found.stream().filter(o -> o.kind() == kind).toList();
      result.put(kind, kind == FindingKind.TELEMETRY_GAP ? bySeq(kind, t, f, injectedBeforeMs)
          : kind.perSale() ? perSale(kind, t, f, injectedBeforeMs) : perTerminal(kind, t, f, injectedBeforeMs));
    }
    return result;
  }

  private static KindScore perSale(FindingKind kind, List<GroundTruthRecord> truth, List<ObservedFinding> found, long cutoff) {
    Map<String, GroundTruthRecord> expected = new HashMap<>();
    Set<String> pending = new java.util.HashSet<>();
    for (GroundTruthRecord r : truth) {
      String key = key(r.merchant(), r.terminal(), r.txn());
      if (r.injectedAtMs() < cutoff) {
        expected.putIfAbsent(key, r);
      } else {
        pending.add(key);
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    List<ObservedFinding> unexpected = new ArrayList<>();
    int foundCount = 0;
    for (ObservedFinding o : found) {
      String key = key(o.merchant(), o.terminal(), o.subject());
      if (!seen.add(key)) {
        continue;
      }
      if (expected.containsKey(key)) {
        foundCount++;
      } else if (!pending.contains(key)) {
        foundCount++;
        unexpected.add(o);
      }
    }
    List<GroundTruthRecord> missed = new ArrayList<>();
    int matched = 0;
    for (Map.Entry<String, GroundTruthRecord> e : expected.entrySet()) {
      if (seen.contains(e.getKey())) {
        matched++;
      } else {
        missed.add(e.getValue());
      }
    }
    missed.sort(java.util.Comparator.comparingLong(GroundTruthRecord::injectedAtMs));
    return new KindScore(kind, expected.size(), foundCount, matched, List.copyOf(missed), List.copyOf(unexpected));
  }

  private static KindScore perTerminal(FindingKind kind, List<GroundTruthRecord> truth, List<ObservedFinding> found, long cutoff) {
    Map<String, List<GroundTruthRecord>> expected = new HashMap<>();
    Map<String, Integer> pending = new HashMap<>();
    int expectedCount = 0;
    for (GroundTruthRecord r : truth) {
      if (r.injectedAtMs() < cutoff) {
        expected.computeIfAbsent(r.terminal(), k -> new ArrayList<>()).add(r);
        expectedCount++;
      } else {
        pending.merge(r.terminal(), 1, Integer::sum);
      }
    }
    Map<String, List<ObservedFinding>> reported = new HashMap<>();
    for (ObservedFinding o : found) {
      reported.computeIfAbsent(o.terminal(), k -> new ArrayList<>()).add(o);
    }
    int matched = 0;
    int foundCount = 0;
    List<GroundTruthRecord> missed = new ArrayList<>();
    List<ObservedFinding> unexpected = new ArrayList<>();
    Set<String> terminals = new LinkedHashSet<>(expected.keySet());
    terminals.addAll(reported.keySet());
    for (String terminal : terminals) {
      List<GroundTruthRecord> exp = expected.getOrDefault(terminal, List.of());
      List<ObservedFinding> rep = reported.getOrDefault(terminal, List.of());
      int m = Math.min(exp.size(), rep.size());
      matched += m;
      missed.addAll(exp.subList(m, exp.size()));
      int extra = rep.size() - m;
      int ignored = Math.min(extra, pending.getOrDefault(terminal, 0));
      foundCount += rep.size() - ignored;
      unexpected.addAll(rep.subList(m + ignored, rep.size()));
    }
    missed.sort(java.util.Comparator.comparingLong(GroundTruthRecord::injectedAtMs));
    return new KindScore(kind, expectedCount, foundCount, matched, List.copyOf(missed), List.copyOf(unexpected));
  }

  private static KindScore bySeq(FindingKind kind, List<GroundTruthRecord> truth, List<ObservedFinding> found, long cutoff) {
    List<GroundTruthRecord> expected = new ArrayList<>();
    List<GroundTruthRecord> pending = new ArrayList<>();
    for (GroundTruthRecord r : truth) {
      (r.injectedAtMs() < cutoff ? expected : pending).add(r);
    }
    Set<String> seen = new LinkedHashSet<>();
    List<ObservedFinding> reported = new ArrayList<>();
    for (ObservedFinding o : found) {
      if (seen.add(key(o.merchant(), o.terminal(), o.subject()))) {
        reported.add(o);
      }
    }
    List<GroundTruthRecord> missed = new ArrayList<>();
    for (GroundTruthRecord r : expected) {
      if (reported.stream().noneMatch(o -> holds(o, r))) {
        missed.add(r);
      }
    }
    int foundCount = 0;
    List<ObservedFinding> unexpected = new ArrayList<>();
    for (ObservedFinding o : reported) {
      if (expected.stream().anyMatch(r -> holds(o, r))) {
        foundCount++;
      } else if (pending.stream().noneMatch(r -> holds(o, r))) {
        foundCount++;
        unexpected.add(o);
      }
    }
    missed.sort(java.util.Comparator.comparingLong(GroundTruthRecord::injectedAtMs));
    return new KindScore(kind, expected.size(), foundCount, expected.size() - missed.size(), List.copyOf(missed), List.copyOf(unexpected));
  }

  /** Whether the finding's seq range ({@code seq:A-B}) holds the injected gap's, on the same terminal. */
  private static boolean holds(ObservedFinding o, GroundTruthRecord r) {
    long[] reported = seqRange(o.subject());
    long[] injected = seqRange(r.txn());
    return o.merchant().equals(r.merchant()) && o.terminal().equals(r.terminal()) && reported != null && injected != null
        && reported[0] <= injected[0] && injected[1] <= reported[1];
  }

  /** {@code seq:A-B} as {A, B}; null for anything else. */
  static long[] seqRange(String subject) {
    if (subject == null || !subject.startsWith("seq:")) {
      return null;
    }
    int dash = subject.indexOf('-', 4);
    try {
      return dash < 0 ? null : new long[] {Long.parseLong(subject.substring(4, dash)), Long.parseLong(subject.substring(dash + 1))};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String key(String merchant, String terminal, String txn) {
    return merchant + '|' + terminal + '|' + txn;
  }
}
