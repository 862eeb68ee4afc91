package io.tillwatch.engine;

import java.util.List;

/**
 * Read model of one terminal, a snapshot taken on the engine's thread.
 *
 * @param clockSkewMs terminal clock minus TillWatch clock at the latest event or heartbeat
 * @param missingSeqRanges open gaps as {@code [first, last]} pairs
 */
public record TerminalView(
    String merchant,
    String terminal,
    Liveness liveness,
    TerminalSnapshot lastHeartbeat,
    long clockSkewMs,
    long highestSeq,
    List<long[]> missingSeqRanges,
    List<OpenSaleView> openSales,
    List<FindingKind> openFindings) {}
