package io.tillwatch.tasks;

/**
 * One committed change of a task, as listeners hear of it.
 *
 * @param text           the human form the log and the ops topic show ("acknowledged by alice")
 * @param detectionLagMs for {@link Kind#CREATED}: from the rule's deadline to the task's commit; else -1
 */
public record TaskChange(Task task, Kind kind, String text, long detectionLagMs) {

  /** What happened to the task; {@link #auditName()} is the {@code change} of its history entry. */
  public enum Kind {
    CREATED("created"),
    ACKNOWLEDGED("acknowledged"),
    RESOLVED("resolved"),
    AUTO_RESOLVED("auto-resolved"),
    SEVERITY_CHANGED("severity-changed"),
    /** The back-office follow-up moved on (an answer, a next step, a reprint); state and severity unchanged. */
    FOLLOWED_UP("followed-up");

    private final String auditName;

    Kind(String auditName) {
      this.auditName = auditName;
    }

    public String auditName() {
      return auditName;
    }

    /** The kind whose {@link #auditName()} a history entry records; empty for a name this version does not know. */
    public static java.util.Optional<Kind> ofAuditName(String name) {
      for (Kind k : values()) {
        if (k.auditName.equals(name)) {
          return java.util.Optional.of(k);
        }
      }
      return java.util.Optional.empty();
    }
  }

  /**
   * A change read back from the store (another instance committed it): the task as stored and its
   * last history entry's kind, author and note, told in the same words as a change made here.
   */
  public static TaskChange stored(Task task, Kind kind, String by, String note) {
    return kind == Kind.CREATED ? created(task, -1) : of(new TaskTransition(task, task, kind, by, note));
  }

  static TaskChange created(Task task, long detectionLagMs) {
    return new TaskChange(task, Kind.CREATED, Kind.CREATED.auditName(), detectionLagMs);
  }

  static TaskChange of(TaskTransition t) {
    Task task = t.to();
    String text = switch (t.kind()) {
      case ACKNOWLEDGED -> "acknowledged by " + t.by();
      case RESOLVED -> "resolved " + task.resolution().how() + " by " + t.by();
      case AUTO_RESOLVED -> task.resolution().how() == Resolution.AUTO_RESOLVED ? t.kind().auditName()
          : "auto-resolved " + task.resolution().how();
      case SEVERITY_CHANGED -> "severity " + task.severity().label();
      case FOLLOWED_UP -> "follow-up " + task.followUp().state().name().toLowerCase(java.util.Locale.ROOT)
          + (task.followUp().nextStep() == NextStep.NONE ? "" : ": " + task.followUp().nextStep().name());
      case CREATED -> t.kind().auditName();
    };
    return new TaskChange(task, t.kind(), text, -1);
  }
}
