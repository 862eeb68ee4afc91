package io.tillwatch.tasks;

/** One change of a task, the audit trail: who did what, when. {@code by} is "tillwatch" for automatic changes. */
public record TaskHistoryEntry(long atMs, String change, TaskState state, String severity, String by, String note) {}
