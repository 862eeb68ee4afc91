package io.tillwatch.tasks;

/**
 * One committed change of a task, as listeners hear of it.
 *
 * @param text           the human form the log and the ops topic show ("acknowledged by alice")
 * @param detectionLagMs for {@link Kind#CREATED}: from the rule's deadline to the task's commit; else -1
 */
public record TaskChange(Task task, Kind kind, String text, long detectionLagMs) {

  /** What happened to the task. */
  public enum Kind {
    CREATED,
    ACKNOWLEDGED,
    RESOLVED,
    AUTO_RESOLVED,
    SEVERITY_CHANGED
  }

  static TaskChange created(Task task, long detectionLagMs) {
    return new TaskChange(task, Kind.CREATED, "created", detectionLagMs);
  }

  static TaskChange of(Task task, Kind kind, String text) {
    return new TaskChange(task, kind, text, -1);
  }
}
