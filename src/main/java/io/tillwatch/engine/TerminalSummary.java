package io.tillwatch.engine;

import java.util.List;

/**
 * One line of the terminal list: enough to see which terminals need a look, without their sales.
 *
 * @param lastHeardMs    TillWatch clock time anything was last received from the terminal
 * @param pendingUploads offline sales the latest heartbeat said are not uploaded; -1 when unknown
 * @param openSales      sales still in flight
 * @param openFindings   the kinds of its open findings, one entry per finding
 */
public record TerminalSummary(
    String merchant,
    String terminal,
    Liveness liveness,
    long lastHeardMs,
    String store,
    String region,
    String printer,
    int pendingUploads,
    int openSales,
    List<FindingKind> openFindings) {}
