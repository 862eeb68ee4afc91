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
 * drift from these rules. Every step that changes anything yields the next {@code revision};
 * adapters compare it to detect a concurrent change (see {@link TaskRepository#compareAndSet}).
 *
 * <p>The back-office follow-up ({@link FollowUp}) rides on the task: each answer is a
 * {@link #followUp} step with its evidence in the history, and when a reprint command was sent, the
 * late PRINTED that closes the finding resolves the task as {@link Resolution#REPRINTED} rather than
 * a bare AUTO_RESOLVED, so the record says what actually happened.
 *
 * @param resolution null until the task is resolved, set exactly when {@code state} is RESOLVED
 * @param followUp   where the back-office follow-up stands; {@link FollowUp#NONE} when there is none
 * @param revision   0 when created, +1 with every change
 */
public record Task(
    String id,
    TaskFinding finding,
    TaskSale sale,
    Severity severity,
    TaskState state,
    long detectedAtMs,
    long updatedAtMs,
    TaskResolution resolution,
    FollowUp followUp,
    long revision) {

  public Task {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(sale, "sale");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(followUp, "followUp");
    if ((state == TaskState.RESOLVED) != (resolution != null)) {
      throw new IllegalArgumentException("a task has a resolution exactly when it is RESOLVED: " + state + ", " + resolution);
    }
  }

  /** A new task for a finding detected at {@code detectedAtMs}. */
  public static Task open(String id, TaskFinding finding, TaskSale sale, Severity severity, long detectedAtMs) {
    return new Task(id, finding, sale, severity, TaskState.OPEN, detectedAtMs, detectedAtMs, null, FollowUp.NONE, 0);
  }

  /** The next step for the operator now: the follow-up's concrete one once an answer set it, else the kind's advice. */
  public String action() {
    return followUp.action() != null ? followUp.action() : finding.action();
  }

  /**
   * This task with what only the store knows when it is opened: the sale's own time from the journal
   * and the terminal's place from its latest heartbeat. Not a lifecycle step (the revision stays).
   */
  public Task withContext(long saleAtMs, TaskPlace place) {
    return new Task(id, finding.at(place), sale.at(saleAtMs), severity, state, detectedAtMs, updatedAtMs, resolution,
        followUp, revision);
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

  /** An operator settles the task with a resolution that fits its kind; a resolved task conflicts. */
  public TaskTransition resolve(Resolution how, String by, String note, long atMs) {
    checkOperatorResolution(how);
    if (!Resolution.allowedFor(kind()).contains(how)) {
      throw new ResolutionNotAllowedException(kind(), how);
    }
    requireUnresolved();
    return new TaskTransition(this, resolved(new TaskResolution(how, by, note, atMs)), TaskChange.Kind.RESOLVED, by, note);
  }

  /**
   * A late event closed the finding; a resolved task conflicts. After a reprint command, the late
   * event is the reprinted receipt: REPRINTED.
   */
  public TaskTransition autoResolve(String reason, long atMs) {
    requireUnresolved();
    Resolution how = followUp.reprintSent() ? Resolution.REPRINTED : Resolution.AUTO_RESOLVED;
    TaskResolution r = new TaskResolution(how, TaskHistoryEntry.SYSTEM, reason, atMs);
    return new TaskTransition(this, resolved(r), TaskChange.Kind.AUTO_RESOLVED, r.by(), reason);
  }

  /**
   * TillWatch settles the task on evidence it holds (the back office shows one of two "double"
   * sales was never charged: FALSE_ALARM); {@code evidence} is what a person would check. A resolved
   * task conflicts.
   */
  public TaskTransition settle(Resolution how, String evidence, long atMs) {
    checkOperatorResolution(how);
    requireUnresolved();
    TaskResolution r = new TaskResolution(how, TaskHistoryEntry.SYSTEM, evidence, atMs);
    return new TaskTransition(this, resolved(r), TaskChange.Kind.AUTO_RESOLVED, r.by(), evidence);
  }

  /**
   * The back-office follow-up moved on: an answer arrived, a next step was set, a reprint was sent.
   * {@code note} is the history entry's evidence (the back office's reference and time). The same
   * follow-up changes nothing; a resolved task conflicts.
   */
  public TaskTransition followUp(FollowUp next, String note, long atMs) {
    Objects.requireNonNull(next, "followUp");
    requireUnresolved();
    Task to = next.equals(followUp) ? this
        : new Task(id, finding, sale, severity, state, detectedAtMs, atMs, null, next, revision + 1);
    return new TaskTransition(this, to, TaskChange.Kind.FOLLOWED_UP, TaskHistoryEntry.SYSTEM, note);
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
    return new Task(id, finding, sale, newSeverity, newState, detectedAtMs, atMs, r, followUp, revision + 1);
  }
}
