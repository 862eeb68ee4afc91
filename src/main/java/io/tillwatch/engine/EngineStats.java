package io.tillwatch.engine;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts the engine keeps for metrics. A shard publishes a fresh snapshot on each tick; gauges read
 * the latest one, so no metric read touches live engine state from another thread.
 *
 * @param amountAtRisk sum of amounts (minor units) of sales with an open UNPRINTED_RECEIPT,
 *                     UNCONFIRMED_SALE, STUCK_REVERSAL or DOUBLE_CHARGE_RISK finding, by currency
 * @param printerStates terminals by last reported printer state (OK, PAPER_OUT, ERROR, UNKNOWN)
 * @param pendingUploads sum of pendingUploads over terminals
 * @param maxClockSkewMs largest |terminal clock - TillWatch clock| among tracked terminals
 * @param uncheckedEvents transaction events not checked for findings because their sale was not
 *                        tracked: its terminal held maxSalesPerTerminal sales, none closed. Per
 *                        event, not per sale (telling a new txn from a known one would mean
 *                        remembering the untracked ones); events replayed at recovery are not
 *                        counted again
 * @param terminalsOverLimit terminals whose latest new sale was refused that way, now
 * @param forgottenSaleEvents events absorbed because their sale had closed and been forgotten
 * @param forgottenSalesRemembered closed, forgotten sales whose txn ids are still remembered
 * @param keptTerminals tracked terminals past detect.terminal-forget, with no sale, that an open
 *                      terminal-level finding keeps (a decommissioned terminal's TERMINAL_SILENT
 *                      keeps it until a person resolves the task); part of trackedTerminals
 */
public record EngineStats(
    EnumMap<SaleStage, Long> openSalesByStage,
    EnumMap<Liveness, Long> terminalsByLiveness,
    EnumMap<FindingKind, Long> openFindingsByKind,
    Map<String, Long> amountAtRisk,
    Map<String, Long> printerStates,
    long pendingUploads,
    long maxClockSkewMs,
    long trackedSales,
    long trackedTerminals,
    long duplicates,
    long uncheckedEvents,
    long terminalsOverLimit,
    long evictedSales,
    long evictedTerminals,
    long forgottenSaleEvents,
    long forgottenSalesRemembered,
    long keptTerminals) {

  /** These counts with another total of unchecked events (a detector adds those of partitions that left it). */
  public EngineStats withUncheckedEvents(long total) {
    return new EngineStats(openSalesByStage, terminalsByLiveness, openFindingsByKind, amountAtRisk, printerStates,
        pendingUploads, maxClockSkewMs, trackedSales, trackedTerminals, duplicates, total, terminalsOverLimit,
        evictedSales, evictedTerminals, forgottenSaleEvents, forgottenSalesRemembered, keptTerminals);
  }

  /** The counts of several engines as one: sums, except the clock skew, which is the largest. */
  public static EngineStats sum(Iterable<EngineStats> parts) {
    EnumMap<SaleStage, Long> stages = new EnumMap<>(SaleStage.class);
    EnumMap<Liveness, Long> liveness = new EnumMap<>(Liveness.class);
    EnumMap<FindingKind, Long> findings = new EnumMap<>(FindingKind.class);
    Map<String, Long> amounts = new HashMap<>();
    Map<String, Long> printers = new HashMap<>();
    long pending = 0;
    long skew = 0;
    long sales = 0;
    long terminals = 0;
    long dups = 0;
    long unchecked = 0;
    long overLimit = 0;
    long evictedSales = 0;
    long evictedTerminals = 0;
    long forgottenSaleEvents = 0;
    long forgottenSalesRemembered = 0;
    long kept = 0;
    for (EngineStats s : parts) {
      s.openSalesByStage().forEach((k, v) -> stages.merge(k, v, Long::sum));
      s.terminalsByLiveness().forEach((k, v) -> liveness.merge(k, v, Long::sum));
      s.openFindingsByKind().forEach((k, v) -> findings.merge(k, v, Long::sum));
      s.amountAtRisk().forEach((k, v) -> amounts.merge(k, v, Long::sum));
      s.printerStates().forEach((k, v) -> printers.merge(k, v, Long::sum));
      pending += s.pendingUploads();
      skew = Math.max(skew, s.maxClockSkewMs());
      sales += s.trackedSales();
      terminals += s.trackedTerminals();
      dups += s.duplicates();
      unchecked += s.uncheckedEvents();
      overLimit += s.terminalsOverLimit();
      evictedSales += s.evictedSales();
      evictedTerminals += s.evictedTerminals();
      forgottenSaleEvents += s.forgottenSaleEvents();
      forgottenSalesRemembered += s.forgottenSalesRemembered();
      kept += s.keptTerminals();
    }
    return new EngineStats(stages, liveness, findings, amounts, printers, pending, skew, sales, terminals, dups, unchecked,
        overLimit, evictedSales, evictedTerminals, forgottenSaleEvents, forgottenSalesRemembered, kept);
  }
}
