package io.tillwatch.backoffice;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Durable pending look-ups (the port; {@code io.tillwatch.store} has the SQLite adapter). Write
 * futures complete after the commit that holds the change.
 */
public interface CheckStore {
  /** Stores the check unless one exists for its task; false when it did (a raise repeated after a restart). */
  CompletableFuture<Boolean> insertIfAbsent(PendingCheck check);

  /** Replaces the stored check of {@code check.taskId()} (attempts and due time). */
  CompletableFuture<Void> update(PendingCheck check);

  /** Forgets the check: its answer was final, it gave up, or its task was resolved. */
  CompletableFuture<Void> remove(String taskId);

  /** Every stored check, to resume after a start. Blocking; call once at start. */
  List<PendingCheck> all();
}
