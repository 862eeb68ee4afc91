package io.tillwatch.tasks;

/** The change does not fit the task's state, e.g. resolving a resolved task (HTTP 409). */
public final class TaskConflictException extends RuntimeException {
  private final Task current;

  public TaskConflictException(String message, Task current) {
    super(message, null, false, false);
    this.current = current;
  }

  public Task current() {
    return current;
  }
}
