package io.tillwatch.tasks;

/**
 * A step of a task's lifecycle as {@link Task} decided it: the task before and after, and the
 * audit-trail entry that goes with it (who, and the note or reason). The repository writes
 * {@code to} only if the stored task is still {@code from}, together with the entry.
 *
 * @param by the operator, or {@link TaskHistoryEntry#SYSTEM}
 */
public record TaskTransition(Task from, Task to, TaskChange.Kind kind, String by, String note) {

  /** False when the step changes nothing (acknowledging an acknowledged task): nothing to write. */
  public boolean changes() {
    return to != from;
  }
}
