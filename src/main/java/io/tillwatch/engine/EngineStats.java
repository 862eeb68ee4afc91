package io.tillwatch.engine;

import java.util.EnumMap;
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
    long salesOverLimit,
    long evictedSales,
    long evictedTerminals) {}
