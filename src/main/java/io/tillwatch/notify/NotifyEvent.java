package io.tillwatch.notify;

/** Why a task is notified; {@link #wireName()} is the generic body's {@code event}. */
public enum NotifyEvent {
  /** A new money task. */
  CREATED("task.created"),
  /** An OPEN task passed its acknowledgement deadline with nobody on it. */
  OVERDUE("task.overdue");

  private final String wireName;

  NotifyEvent(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
