package io.tillwatch.tasks;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable task storage (the port; {@code io.tillwatch.store} has the SQLite adapter).
 *
 * <p>The repository knows no lifecycle rule: {@link Task} decides every step, and the repository
 * loads, inserts if absent, compares-and-sets and appends history. Write futures complete after
 * the commit that holds the change; they may complete on the store's writer thread, so callers
 * hop back to their own thread before touching their state.
 *
 * <p>Loads are ordered with writes: a load sees every write submitted before it, even one not yet
 * committed. That lets a finding cleared a millisecond after it was raised find the task whose
 * insert is still on its way. Reads ({@link #list}, {@link #find}, ...) block, see committed
 * data only, and are meant to be called off the event loop.
 */
public interface TaskRepository {
  /**
   * Inserts the task unless a task with its dedupe key exists (resolved or not); empty when it did.
   * Records history "created" by {@link TaskHistoryEntry#SYSTEM}. A task id already used by
   * another finding fails with {@link TaskConflictException}. The task stored and returned carries
   * what only the store knows ({@link Task#withContext}): the sale's own time from the journal and
   * the terminal's place from its latest heartbeat, where the store has them.
   */
  CompletableFuture<Optional<Task>> insertIfAbsent(Task task);

  /** The task with that id, as of every write submitted before this call. */
  CompletableFuture<Optional<Task>> load(String id);

  /** The task with that dedupe key, resolved or not, as of every write submitted before this call. */
  CompletableFuture<Optional<Task>> loadByKey(String dedupeKey);

  /**
   * Stores {@code transition.to()} and appends the transition's history entry, if the stored task
   * still has the revision of {@code transition.from()}; false, with nothing written, when it has
   * changed since it was loaded (every change yields the next revision).
   */
  CompletableFuture<Boolean> compareAndSet(TaskTransition transition);

  TaskPage list(TaskQuery query);

  Optional<Task> find(String id);

  List<TaskHistoryEntry> history(String id);

  /** Every OPEN or ACKNOWLEDGED task, to rebuild in-memory indexes on start. */
  List<Task> unresolved();
}
