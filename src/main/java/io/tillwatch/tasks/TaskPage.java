package io.tillwatch.tasks;

import java.util.List;

/**
 * One page of tasks; {@code nextCursor} is null on the last page.
 *
 * @param total how many tasks match the query's filters on all pages
 */
public record TaskPage(List<Task> items, String nextCursor, long total) {}
