package io.tillwatch.engine;

import java.util.List;

/** Read model of one tracked sale, for the terminal API. */
public record OpenSaleView(
    String txn,
    SaleStage stage,
    long amount,
    String currency,
    String rrn,
    long firstReceivedMs,
    List<String> eventsSeen,
    List<FindingKind> openFindings) {}
