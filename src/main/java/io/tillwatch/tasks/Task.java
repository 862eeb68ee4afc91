package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import java.util.Objects;

/**
 * An operator task and its lifecycle: OPEN -> ACKNOWLEDGED -> RESOLVED (OPEN -> RESOLVED too).
 *
 * <p>Design notes. The lifecycle rules live here and nowhere else: each step is a method that
 * returns the {@link TaskTransition} it makes or throws {@link TaskConflictException} when the
 * task's state does not allow it (a resolved task never changes again). Storage adapters only
 * load, compare-and-set and append the transition's history entry, so a second adapter cannot
 * drift from these rules. Every step changes the state or the severity; adapters rely on that to
 * detect a concurrent change (see {@link TaskRepository#compareAndSet}).
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

  // ---- lifecycle ------------------------------------------------------------------------------------

  /** OPEN -> ACKNOWLEDGED. Acknowledging an acknowledged task changes nothing; a resolved one conflicts. */
  public TaskTransition acknowledge(String by, long atMs) {
    requireUnresolved();
    Task to = state == TaskState.ACKNOWLEDGED ? this : with(severity, TaskState.ACKNOWLEDGED, atMs, null);
    return new TaskTransition(this, to, TaskChange.Kind.ACKNOWLEDGED, by, null);
  }

  /** An operator settles the task; a resolved task conflicts. */
  public TaskTransition resolve(Resolution how, String by, String note, long atMs) {
    checkOperatorResolution(how);
    requireUnresolved();
    return new TaskTransition(this, resolved(new TaskResolution(how, by, note, atMs)), TaskChange.Kind.RESOLVED, by, note);
  }

  /** A late event closed the finding; a resolved task conflicts. */
  public TaskTransition autoResolve(String reason, long atMs) {
    requireUnresolved();
    TaskResolution r = new TaskResolution(Resolution.AUTO_RESOLVED, TaskHistoryEntry.SYSTEM, reason, atMs);
    return new TaskTransition(this, resolved(r), TaskChange.Kind.AUTO_RESOLVED, r.by(), reason);
  }

  /** The finding's severity changed; the same severity changes nothing; a resolved task conflicts. */
  public TaskTransition withSeverity(Severity newSeverity, long atMs) {
    Objects.requireNonNull(newSeverity, "severity");
    requireUnresolved();
    Task to = newSeverity == severity ? this : with(newSeverity, state, atMs, null);
    return new TaskTransition(this, to, TaskChange.Kind.SEVERITY_CHANGED, TaskHistoryEntry.SYSTEM,
        severity.label() + " -> " + newSeverity.label());
  }

  /** AUTO_RESOLVED is TillWatch's own verdict; an operator saying it would hide a finding nobody checked. */
  static void checkOperatorResolution(Resolution how) {
    Objects.requireNonNull(how, "resolution");
    if (how == Resolution.AUTO_RESOLVED) {
      throw new IllegalArgumentException("AUTO_RESOLVED is set by TillWatch, not by operators");
    }
  }

  private void requireUnresolved() {
    if (!state.unresolved()) {
      throw new TaskConflictException("task " + id + " is already resolved", this);
    }
  }

  private Task resolved(TaskResolution r) {
    return with(severity, TaskState.RESOLVED, r.atMs(), r);
  }

  private Task with(Severity newSeverity, TaskState newState, long atMs, TaskResolution r) {
    return new Task(id, finding, sale, newSeverity, newState, detectedAtMs, atMs, r);
  }
}
