package io.tillwatch.tasks;

/** No task has that id (HTTP 404). */
public final class TaskNotFoundException extends RuntimeException {
  public TaskNotFoundException(String id) {
    super("no task with id " + id, null, false, false);
  }
}
