package io.tillwatch.commands;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable outbox of commands (the port; {@code io.tillwatch.store} has the SQLite adapter).
 *
 * <p>Write futures complete after the commit that holds the change, possibly on the store's writer
 * thread. Loads are ordered with writes: a load sees every write submitted before it. The store
 * knows no rule: {@link Command} decides every step, the store compares and sets.
 */
public interface CommandStore {
  /**
   * Stores the command unless one with its idempotency key exists; yields the stored command for
   * that key: the new one, or the one made earlier (whatever its state).
   */
  CompletableFuture<Command> insertIfAbsent(Command command);

  /** Stores {@code to} if the stored command with its id still has {@code from}'s state; false, writing nothing, otherwise. */
  CompletableFuture<Boolean> compareAndSet(Command from, Command to);

  /** The command with that id, as of every write submitted before this call. */
  CompletableFuture<Optional<Command>> load(String id);

  /** Every PENDING or DELIVERED command, oldest first, committed data; blocks: call at start, off the event loop. */
  List<Command> open();
}
