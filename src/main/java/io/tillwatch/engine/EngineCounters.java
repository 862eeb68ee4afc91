package io.tillwatch.engine;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters behind {@link EngineStats}, maintained incrementally so a stats snapshot does not
 * scan sales.
 *
 * <p>Design: every mutation of a sale or terminal is bracketed by {@code sale(s, -1)} before and
 * {@code sale(s, +1)} after (same for terminals). The contribution is computed from the object's
 * fields each time, so the bookkeeping cannot drift from the state whatever the mutation was:
 * stage, open findings, amount at risk, and the per-terminal open/doubtful sale counts.
 */
final class EngineCounters {
  private static final SaleStage[] STAGES = SaleStage.values();
  private static final Liveness[] LIVENESS = Liveness.values();
  private static final FindingKind[] KINDS = FindingKind.values();

  private final long[] salesByStage = new long[STAGES.length];
  private final long[] terminalsByLiveness = new long[LIVENESS.length];
  private final long[] findingsByKind = new long[KINDS.length];
  private final HashMap<String, long[]> amountAtRisk = new HashMap<>();
  private final HashMap<String, long[]> printers = new HashMap<>();
  private long pendingUploads;
  long trackedSales;
  long trackedTerminals;
  long duplicates;
  long uncheckedEvents;
  long terminalsOverLimit;
  long forgottenSaleEvents;
  long forgottenSalesRemembered;
  long evictedSales;
  long evictedTerminals;

  void sale(SaleState s, int sign) {
    SaleStage stage = s.stage();
    if (stage != null) {
      salesByStage[stage.ordinal()] += sign;
      s.terminal.openSales += sign;
    }
    if (s.doubtful()) {
      TerminalState t = s.terminal;
      t.doubtfulSales += sign;
      if (sign > 0) {
        if (t.doubtful == null) {
          t.doubtful = new java.util.ArrayList<>(2);
        }
        t.doubtful.add(s);
      } else {
        t.doubtful.remove(s);
      }
    }
    for (int bits = s.open(); bits != 0; bits &= bits - 1) {
      findingsByKind[Integer.numberOfTrailingZeros(bits)] += sign;
    }
    if (s.atRisk()) {
      amountAtRisk.computeIfAbsent(s.currency(), c -> new long[1])[0] += sign * s.amount;
    }
  }

  void terminal(TerminalState t, int sign) {
    terminalsByLiveness[t.liveness().ordinal()] += sign;
    printers.computeIfAbsent(t.printer == null ? "UNKNOWN" : t.printer, p -> new long[1])[0] += sign;
    pendingUploads += sign * (long) Math.max(0, t.pendingUploads);
    if (t.silentSubject != null) {
      findingsByKind[FindingKind.TERMINAL_SILENT.ordinal()] += sign;
    }
    if (t.backlogSubject != null) {
      findingsByKind[FindingKind.UPLOAD_BACKLOG.ordinal()] += sign;
    }
    findingsByKind[FindingKind.TELEMETRY_GAP.ordinal()] += sign * (long) t.seq.openGapFindings();
  }

  /**
   * Marks a terminal as refusing new sales (its latest new sale found it at the limit with no closed
   * sale to make room with) or as having room again; counts such terminals without scanning.
   */
  void overLimit(TerminalState t, boolean over) {
    if (t.overLimit != over) {
      t.overLimit = over;
      terminalsOverLimit += over ? 1 : -1;
    }
  }

  /** The scanned figures (see {@link DetectionEngine#stats}) come from the caller. */
  EngineStats snapshot(long maxClockSkewMs, long keptTerminals) {
    EnumMap<SaleStage, Long> stages = new EnumMap<>(SaleStage.class);
    for (SaleStage s : STAGES) {
      stages.put(s, salesByStage[s.ordinal()]);
    }
    EnumMap<Liveness, Long> liveness = new EnumMap<>(Liveness.class);
    for (Liveness l : LIVENESS) {
      liveness.put(l, terminalsByLiveness[l.ordinal()]);
    }
    EnumMap<FindingKind, Long> kinds = new EnumMap<>(FindingKind.class);
    for (FindingKind k : KINDS) {
      kinds.put(k, findingsByKind[k.ordinal()]);
    }
    return new EngineStats(stages, liveness, kinds, nonZero(amountAtRisk), nonZero(printers),
        pendingUploads, maxClockSkewMs, trackedSales, trackedTerminals, duplicates, uncheckedEvents,
        terminalsOverLimit, evictedSales, evictedTerminals, forgottenSaleEvents, forgottenSalesRemembered, keptTerminals);
  }

  private static Map<String, Long> nonZero(Map<String, long[]> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> {
      if (v[0] != 0) {
        out.put(k, v[0]);
      }
    });
    return out;
  }
}
