package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import java.util.Objects;

/**
 * An operator task as stored: what was found, the sale it is about, where it stands in its
 * lifecycle and, once resolved, how.
 *
 * @param resolution null until the task is resolved, set exactly when {@code state} is RESOLVED
 */
public record Task(
    String id,
    TaskFinding finding,
    TaskSale sale,
    Severity severity,
    TaskState state,
    long detectedAtMs,
    long updatedAtMs,
    TaskResolution resolution) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(sale, "sale");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    if ((state == TaskState.RESOLVED) != (resolution != null)) {
      throw new IllegalArgumentException("a task has a resolution exactly when it is RESOLVED: " + state + ", " + resolution);
    }
  }

  /** A new task for a finding detected at {@code detectedAtMs}. */
  public static Task open(String id, TaskFinding finding, TaskSale sale, Severity severity, long detectedAtMs) {
    return new Task(id, finding, sale, severity, TaskState.OPEN, detectedAtMs, detectedAtMs, null);
  }

  public FindingKey key() {
    return finding.key();
  }

  public FindingKind kind() {
    return finding.key().kind();
  }

  /** {@link FindingKey#asString()}: unique among all tasks, resolved or not. */
  public String dedupeKey() {
    return finding.key().asString();
  }

  public Task withState(TaskState newState, long atMs) {
    return new Task(id, finding, sale, severity, newState, detectedAtMs, atMs, resolution);
  }

  public Task resolved(Resolution how, String by, String why, long atMs) {
    return new Task(id, finding, sale, severity, TaskState.RESOLVED, detectedAtMs, atMs, new TaskResolution(how, by, why, atMs));
  }

  public Task withSeverity(Severity newSeverity, long atMs) {
    return new Task(id, finding, sale, newSeverity, state, detectedAtMs, atMs, resolution);
  }
}
