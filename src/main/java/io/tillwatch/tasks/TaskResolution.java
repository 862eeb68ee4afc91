package io.tillwatch.tasks;

/**
 * How, by whom and when a task was settled.
 *
 * @param by   the operator, or {@link TaskHistoryEntry#SYSTEM} for {@link Resolution#AUTO_RESOLVED}
 * @param note the operator's note, or the reason the finding closed by itself; may be null
 */
public record TaskResolution(Resolution how, String by, String note, long atMs) {}
