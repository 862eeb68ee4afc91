package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKind;

/**
 * Filters and paging for the task list. Null filters match everything. The list is newest first
 * (by detection time, then id); {@code cursor} is the opaque value of a previous page's
 * {@link TaskPage#nextCursor()}.
 */
public record TaskQuery(TaskState state, FindingKind kind, String merchant, String terminal, int limit, String cursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
}
