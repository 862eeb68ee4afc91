package io.tillwatch.tasks;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;

/**
 * What the engine found, fixed when the task is created.
 *
 * @param key     which rule, on which terminal, about what; one task per key
 * @param detail  one sentence for people (which events were seen...); no card data
 * @param action  the next step for the operator
 * @param dueAtMs when the rule's deadline passed; detection time minus this is the detection lag
 * @param place   the terminal's store and region when the task was opened
 */
public record TaskFinding(FindingKey key, String detail, String action, long dueAtMs, TaskPlace place) {

  public TaskFinding {
    place = place == null ? TaskPlace.UNKNOWN : place;
  }

  public TaskFinding(FindingKey key, String detail, String action, long dueAtMs) {
    this(key, detail, action, dueAtMs, TaskPlace.UNKNOWN);
  }

  public static TaskFinding of(Finding f) {
    return new TaskFinding(f.key(), f.detail(), f.action(), f.dueAtMs());
  }

  TaskFinding at(TaskPlace where) {
    return new TaskFinding(key, detail, action, dueAtMs, where);
  }
}
