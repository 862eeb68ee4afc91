package io.tillwatch.http;

import io.tillwatch.tasks.Task;
import java.util.concurrent.CompletableFuture;

/**
 * An operator's "send a reprint to the terminal" for a task (the port behind
 * {@code POST /api/v1/tasks/{id}/reprint}; the back-office follow-up implements it). The future
 * holds the task with the command recorded, or fails as the task routes' other writes do.
 */
@FunctionalInterface
public interface ManualReprint {
  ManualReprint UNAVAILABLE = (taskId, by) -> CompletableFuture.failedFuture(
      new Unavailable("terminal commands are not available"));

  /** Reprints cannot be sent in this set-up: answered 503, unlike an internal error (a bare 500). */
  final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message, null, false, false);
    }
  }

  CompletableFuture<Task> reprint(String taskId, String by);
}
