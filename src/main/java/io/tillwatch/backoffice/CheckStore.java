package io.tillwatch.backoffice;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable pending look-ups (the port; {@code io.tillwatch.store} has the SQL adapter). Write
 * futures complete after the commit that holds the change.
 */
public interface CheckStore {
  /**
   * What {@link #claim} found.
   *
   * @param won    true when this caller stored the step and may send the look-up
   * @param stored the check as stored after the call: the claimed one when won; when lost, as the
   *               instance that won left it, or empty when it is gone (answered for good, or its task resolved)
   */
  record Claim(boolean won, Optional<PendingCheck> stored) {
    public static Claim won(PendingCheck started) {
      return new Claim(true, Optional.of(started));
    }

    public static Claim lost(Optional<PendingCheck> stored) {
      return new Claim(false, stored);
    }
  }

  /** Stores the check unless one exists for its task; false when it did (a raise repeated after a restart). */
  CompletableFuture<Boolean> insertIfAbsent(PendingCheck check);

  /**
   * Stores {@code started} (one more attempt, the next due time) before its look-up goes out, if the
   * stored check still has the attempt before it ({@code started.attempts() - 1}): a compare-and-set,
   * so when several instances share the store, exactly one of them sends each look-up and the others
   * skip it. Also what makes a restart never ask a step twice.
   */
  CompletableFuture<Claim> claim(PendingCheck started);

  /** Forgets the check: its answer was final, it gave up, or its task was resolved. */
  CompletableFuture<Void> remove(String taskId);

  /** Every stored check, to resume after a start. Blocking; call once at start. */
  List<PendingCheck> all();
}
