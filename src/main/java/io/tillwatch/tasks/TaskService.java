package io.tillwatch.tasks;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Severity;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns findings into operator tasks and carries operators' decisions: one task per finding
 * (dedupe key), OPEN -> ACKNOWLEDGED -> RESOLVED, AUTO_RESOLVED when a late event closes it; tells
 * the registered {@link TaskListener}s of every committed change.
 *
 * <p>Design notes. Engine shards call the {@link FindingSink} methods on their own threads; the
 * HTTP layer calls {@link #acknowledge} and {@link #resolve}. All changes go through the
 * repository's single writer, whose order is the order of truth, and the check-and-set in the
 * repository settles races (an operator resolving while a late event auto-resolves). Listeners
 * and metrics hear of a change only after its commit. A raise whose insert fails (database
 * trouble) is kept and retried by {@link #retryFailed()}, so a finding is not lost to a
 * transient error.
 */
public final class TaskService implements FindingSink {
  /** Who automatic changes are attributed to in the audit trail. */
  public static final String SYSTEM = "tillwatch";

  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);

  private final TaskRepository repository;
  private final SaleTimeline timeline;
  private final TaskIndex index;
  private final Clock clock;
  private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
  private final Queue<Finding> failedRaises = new ConcurrentLinkedQueue<>();

  public TaskService(TaskRepository repository, SaleTimeline timeline, TaskIndex index, Clock clock) {
    this.repository = repository;
    this.timeline = timeline;
    this.index = index;
    this.clock = clock;
  }

  /** Registers a listener; call while wiring, before findings arrive. Listeners are told in registration order. */
  public void addListener(TaskListener listener) {
    listeners.add(listener);
  }

  /** Rebuilds the index from the store; call once at start, before any finding arrives. */
  public int loadUnresolved() {
    int n = 0;
    for (Task t : repository.unresolved()) {
      index.put(t);
      n++;
    }
    return n;
  }

  public TaskIndex index() {
    return index;
  }

  // ---- findings (engine shard threads) ------------------------------------------------------

  @Override
  public void raised(Finding f) {
    String key = f.key().asString();
    if (!index.claim(key, f.kind(), f.severity(), f.raisedAtMs())) {
      return; // already an unresolved task for it
    }
    long nowMs = clock.millis();
    Task task = Task.open(TaskIds.next(nowMs), TaskFinding.of(f), TaskSale.of(f), f.severity(), nowMs);
    repository.insertIfAbsent(task).whenComplete((created, error) -> {
      if (error != null) {
        index.remove(key);
        failedRaises.add(f);
        LOG.error("could not store task for {} on {}/{}: {}; will retry", f.kind(), f.key().merchant(), f.key().terminal(),
            error.toString());
      } else if (created.isPresent()) {
        Task t = created.get();
        index.put(t);
        tell(TaskChange.created(t, clock.millis() - f.dueAtMs()));
      } else {
        index.remove(key); // resolved earlier (e.g. before a restart): never reopened
      }
    });
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    String k = key.asString();
    if (!index.contains(k)) {
      return;
    }
    repository.autoResolve(k, reason, clock.millis()).whenComplete((resolved, error) -> {
      if (error != null) {
        LOG.error("could not auto-resolve {}: {}", key.kind(), error.toString());
      } else if (resolved.isPresent()) {
        afterResolve(resolved.get(), TaskChange.Kind.AUTO_RESOLVED, "auto-resolved");
      }
    });
  }

  @Override
  public void severityChanged(FindingKey key, Severity severity, long atMs) {
    String k = key.asString();
    if (!index.contains(k)) {
      return;
    }
    repository.changeSeverity(k, severity, clock.millis()).whenComplete((changed, error) -> {
      if (error != null) {
        LOG.error("could not change severity of {}: {}", key.kind(), error.toString());
      } else if (changed.isPresent()) {
        Task t = changed.get();
        if (t.state().unresolved()) {
          index.put(t);
        }
        tell(TaskChange.of(t, TaskChange.Kind.SEVERITY_CHANGED, "severity " + t.severity().label()));
      }
    });
  }

  /** Retries raises whose insert failed; the app calls this periodically. */
  public void retryFailed() {
    int n = failedRaises.size();
    for (int i = 0; i < n; i++) {
      Finding f = failedRaises.poll();
      if (f == null) {
        return;
      }
      raised(f);
    }
  }

  // ---- operators ----------------------------------------------------------------------------------

  public CompletableFuture<Task> acknowledge(String id, String by) {
    return repository.acknowledge(id, by, clock.millis()).thenApply(t -> {
      tell(TaskChange.of(t, TaskChange.Kind.ACKNOWLEDGED, "acknowledged by " + by));
      return t;
    });
  }

  public CompletableFuture<Task> resolve(String id, Resolution resolution, String by, String note) {
    if (resolution == Resolution.AUTO_RESOLVED) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("AUTO_RESOLVED is set by TillWatch, not by operators"));
    }
    return repository.resolve(id, resolution, by, note, clock.millis()).thenApply(t -> {
      afterResolve(t, TaskChange.Kind.RESOLVED, "resolved " + resolution + " by " + by);
      return t;
    });
  }

  public Optional<Task> find(String id) {
    return repository.find(id);
  }

  public TaskPage list(TaskQuery query) {
    return repository.list(query);
  }

  public List<TaskHistoryEntry> history(String id) {
    return repository.history(id);
  }

  /** The events of the task's sale in the order received; none for terminal-level tasks. Blocks: call it off the event loop. */
  public List<TimelineEvent> timeline(Task task) {
    String txn = task.sale().txn();
    return txn == null ? List.of() : timeline.events(task.key().merchant(), task.key().terminal(), txn);
  }

  private void afterResolve(Task t, TaskChange.Kind kind, String text) {
    index.remove(t.dedupeKey());
    tell(TaskChange.of(t, kind, text));
  }

  /** Every listener hears of the change; one that fails is logged and does not silence the others. */
  private void tell(TaskChange change) {
    for (TaskListener listener : listeners) {
      try {
        listener.changed(change);
      } catch (RuntimeException e) {
        LOG.error("task listener {} failed on {} of task {}", listener, change.kind(), change.task().id(), e);
      }
    }
  }
}
