package io.tillwatch.telemetry;

/**
 * A terminal heartbeat. Absent optional numbers are {@link #ABSENT}; absent text is null.
 *
 * @param intervalSec the period the terminal promises between heartbeats
 * @param lastSeq     seq of the last transaction event the terminal published, or ABSENT
 */
public record Heartbeat(
    String merchant,
    String terminal,
    long atMs,
    int intervalSec,
    long lastSeq,
    String firmware,
    String network,
    Integer signal,
    PrinterState printer,
    int pendingUploads,
    String store,
    String region) implements Telemetry {

  public static final int ABSENT = -1;
}
