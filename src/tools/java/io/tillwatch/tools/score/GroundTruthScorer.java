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
    // Reported ranges by terminal, parsed once: a run has thousands of gaps on thousands of terminals.
    Map<String, List<Reported>> reported = new HashMap<>();
    Set<String> seen = new java.util.HashSet<>();
    for (ObservedFinding o : found) {
      if (seen.add(key(o.merchant(), o.terminal(), o.subject()))) {
        reported.computeIfAbsent(o.merchant() + '|' + o.terminal(), k -> new ArrayList<>()).add(new Reported(o, seqRange(o.subject())));
      }
    }
    List<GroundTruthRecord> missed = new ArrayList<>();
    int expected = 0;
    for (GroundTruthRecord r : truth) {
      boolean isExpected = r.injectedAtMs() < cutoff;
      expected += isExpected ? 1 : 0;
      long[] injected = seqRange(r.txn());
      boolean held = false;
      for (Reported f : reported.getOrDefault(r.merchant() + '|' + r.terminal(), List.of())) {
        if (f.holds(injected)) {
          held = true;
          f.holdsExpected |= isExpected;
          f.holdsPending |= !isExpected;
        }
      }
      if (isExpected && !held) {
        missed.add(r);
      }
    }
    int foundCount = 0;
    List<ObservedFinding> unexpected = new ArrayList<>();
    for (List<Reported> list : reported.values()) {
      for (Reported f : list) {
        if (f.holdsExpected || !f.holdsPending) {
          foundCount++; // a finding of only not-yet-expected gaps is ignored, like a pending one
        }
        if (!f.holdsExpected && !f.holdsPending) {
          unexpected.add(f.finding);
        }
      }
    }
    missed.sort(java.util.Comparator.comparingLong(GroundTruthRecord::injectedAtMs));
    return new KindScore(kind, expected, foundCount, expected - missed.size(), List.copyOf(missed), List.copyOf(unexpected));
  }

  /** A reported gap finding, its seq range (null: not a range), and whether it holds gaps injected before and after the cut-off. */
  private static final class Reported {
    final ObservedFinding finding;
    final long[] range;
    boolean holdsExpected;
    boolean holdsPending;

    Reported(ObservedFinding finding, long[] range) {
      this.finding = finding;
      this.range = range;
    }

    boolean holds(long[] injected) {
      return range != null && injected != null && range[0] <= injected[0] && injected[1] <= range[1];
    }
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
