package io.tillwatch.tasks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@link TaskRepository} in memory, for unit tests of the task service.
 *
 * <p>Design notes. It has the SQLite adapter's semantics, which {@link TaskRepositoryContract}
 * checks against both: operations run one at a time in submission order, like the store's single
 * writer, an operation submitted from a completion callback queues behind the ones already
 * waiting, and compare-and-set compares state and severity. It knows no lifecycle rule: every
 * change it stores was decided by {@link Task}. Tests steer it: {@link #hold()} lets operations
 * pile up until {@link #release()} (to interleave an operator and a late event deterministically),
 * {@link #failNextInserts} makes inserts fail as a full disk would.
 */
public final class InMemoryTaskRepository implements TaskRepository {
  private final Map<String, Task> byId = new LinkedHashMap<>();
  private final Map<String, String> idByKey = new HashMap<>();
  private final Map<String, List<TaskHistoryEntry>> history = new HashMap<>();
  private final Deque<Runnable> queue = new ArrayDeque<>();
  private boolean held;
  private boolean running;
  private int failingInserts;
  private int inserts;

  /** Operations wait until {@link #release()}. */
  public synchronized void hold() {
    held = true;
  }

  /** Runs everything waiting, and whatever their callbacks submit, in order. */
  public synchronized void release() {
    held = false;
    drain();
  }

  public synchronized void failNextInserts(int n) {
    failingInserts = n;
  }

  /** Inserts attempted, deduplicated or failed ones included. */
  public synchronized int inserts() {
    return inserts;
  }

  @Override
  public CompletableFuture<Optional<Task>> insertIfAbsent(Task task) {
    return submit(() -> {
      inserts++;
      if (failingInserts > 0) {
        failingInserts--;
        throw new IllegalStateException("disk full (test)");
      }
      if (idByKey.containsKey(task.dedupeKey())) {
        return Optional.empty();
      }
      if (byId.containsKey(task.id())) {
        throw new TaskConflictException("task id " + task.id() + " is already used by another finding", null);
      }
      byId.put(task.id(), task);
      idByKey.put(task.dedupeKey(), task.id());
      append(task, task.detectedAtMs(), TaskChange.Kind.CREATED, TaskHistoryEntry.SYSTEM, null);
      return Optional.of(task);
    });
  }

  @Override
  public CompletableFuture<Optional<Task>> load(String id) {
    return submit(() -> Optional.ofNullable(byId.get(id)));
  }

  @Override
  public CompletableFuture<Optional<Task>> loadByKey(String dedupeKey) {
    return submit(() -> Optional.ofNullable(idByKey.get(dedupeKey)).map(byId::get));
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(TaskTransition transition) {
    return submit(() -> {
      Task from = transition.from();
      Task stored = byId.get(from.id());
      if (stored == null || stored.revision() != from.revision()) {
        return false;
      }
      Task to = transition.to();
      byId.put(to.id(), to);
      append(to, to.updatedAtMs(), transition.kind(), transition.by(), transition.note());
      return true;
    });
  }

  /** Paging is the SQLite adapter's business; its own test covers it. */
  @Override
  public TaskPage list(TaskQuery query) {
    throw new UnsupportedOperationException("list is not needed by the task service's tests");
  }

  @Override
  public synchronized Optional<Task> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public synchronized List<TaskHistoryEntry> history(String id) {
    return List.copyOf(history.getOrDefault(id, List.of()));
  }

  @Override
  public synchronized List<Task> unresolved() {
    return byId.values().stream().filter(t -> t.state().unresolved()).toList();
  }

  private void append(Task t, long atMs, TaskChange.Kind change, String by, String note) {
    history.computeIfAbsent(t.id(), id -> new ArrayList<>())
        .add(new TaskHistoryEntry(atMs, change.auditName(), t.state(), t.severity().label(), by, note));
  }

  private synchronized <T> CompletableFuture<T> submit(Supplier<T> op) {
    CompletableFuture<T> f = new CompletableFuture<>();
    queue.add(() -> {
      T result;
      try {
        result = op.get();
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
        return;
      }
      f.complete(result);
    });
    drain();
    return f;
  }

  /** Like the writer thread: one operation after the other; ones submitted meanwhile queue behind. */
  private void drain() {
    if (running) {
      return;
    }
    running = true;
    try {
      while (!held && !queue.isEmpty()) {
        queue.poll().run();
      }
    } finally {
      running = false;
    }
  }
}
