package io.tillwatch.tasks;

/**
 * One change of a task, the audit trail: who did what, when.
 *
 * @param change   a {@link TaskChange.Kind#auditName()}
 * @param severity the task's severity after the change, in its wire form ("critical")
 * @param by       the operator, or {@link #SYSTEM} for automatic changes
 */
public record TaskHistoryEntry(long atMs, String change, TaskState state, String severity, String by, String note) {
  /** Who automatic changes are attributed to; no operator may call themselves this. */
  public static final String SYSTEM = "tillwatch";
}
