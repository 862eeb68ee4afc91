package io.tillwatch.engine;

/**
 * The durable part of a terminal's state (its latest heartbeat and status), stored on every
 * heartbeat and status change and handed back to the engine on recovery. Absent numbers are -1,
 * absent text null.
 *
 * @param lastHeardMs      TillWatch clock time anything was last received from the terminal
 * @param online           false when the last status was {@code offline} (Last Will)
 * @param pendingSinceMs   when pendingUploads was first seen above 0 in the current episode, or -1
 * @param lastHeartbeatAtMs terminal clock time of the latest heartbeat, or -1
 */
public record TerminalSnapshot(
    String merchant,
    String terminal,
    long lastHeardMs,
    boolean online,
    int intervalSec,
    long lastSeqReported,
    int pendingUploads,
    long pendingSinceMs,
    String printer,
    String firmware,
    String network,
    Integer signal,
    String store,
    String region,
    long lastHeartbeatAtMs) {}
