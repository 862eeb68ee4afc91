package io.tillwatch.tasks;

import io.tillwatch.engine.Severity;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Durable task storage (the port; {@code io.tillwatch.store} has the SQLite adapter).
 *
 * <p>Writes are atomic check-and-set operations, so the rules "one task per dedupe key" and
 * "409 on an already resolved task" hold even when an operator and a late event race. Write
 * futures complete after the commit that holds the change; they complete on the store's writer
 * thread, so callers hop back to their own thread before touching their state. Failed futures
 * carry {@link TaskNotFoundException}, {@link TaskConflictException}, or a storage error.
 *
 * <p>Reads block and are meant to be called off the event loop.
 */
public interface TaskRepository {
  /** Inserts the task unless a task with its dedupe key exists; empty when it did. Records history "created". */
  CompletableFuture<Optional<Task>> insertIfAbsent(Task task);

  /** OPEN -> ACKNOWLEDGED; already ACKNOWLEDGED returns it unchanged; RESOLVED fails with a conflict. */
  CompletableFuture<Task> acknowledge(String id, String by, long atMs);

  /** OPEN/ACKNOWLEDGED -> RESOLVED; RESOLVED fails with a conflict. */
  CompletableFuture<Task> resolve(String id, Resolution resolution, String by, String note, long atMs);

  /** Resolves the unresolved task with that dedupe key as AUTO_RESOLVED by "tillwatch"; empty when there is none. */
  CompletableFuture<Optional<Task>> autoResolve(String dedupeKey, String reason, long atMs);

  /** Changes the severity of the unresolved task with that dedupe key; empty when there is none or no change. */
  CompletableFuture<Optional<Task>> changeSeverity(String dedupeKey, Severity severity, long atMs);

  TaskPage list(TaskQuery query);

  Optional<Task> find(String id);

  List<TaskHistoryEntry> history(String id);

  /** Every OPEN or ACKNOWLEDGED task, to rebuild in-memory indexes on start. */
  List<Task> unresolved();
}
