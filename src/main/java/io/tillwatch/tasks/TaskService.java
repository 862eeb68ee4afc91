package io.tillwatch.tasks;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Severity;
import io.tillwatch.journal.StoredEvent;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns findings into operator tasks and carries operators' decisions: one task per finding
 * (dedupe key), OPEN -> ACKNOWLEDGED -> RESOLVED, AUTO_RESOLVED when a late event closes it; tells
 * the registered {@link TaskListener}s of every committed change.
 *
 * <p>Design notes. Engine shards call the {@link FindingSink} methods on their own threads; the
 * HTTP layer calls {@link #acknowledge} and {@link #resolve}. A change is: load the task, let
 * {@link Task} decide the step (or refuse it with a conflict), compare-and-set it. A lost
 * compare-and-set means another change committed first (an operator resolving while a late event
 * auto-resolves): the task is loaded again and the step decided anew against the winner, which
 * then usually conflicts (operator) or is moot (automatic). Listeners hear of a change only after
 * its commit. A raise whose insert fails (database trouble) is kept and retried by
 * {@link #retryFailed()}, so a finding is not lost to a transient error. On a store shared by several
 * instances, changes committed elsewhere arrive through {@link #peerChanged}.
 */
public final class TaskService implements FindingSink {
  private static final Logger LOG = LoggerFactory.getLogger(TaskService.class);
  /** Each lost compare-and-set is another change that committed; this many in a row is a task too busy to change now. */
  private static final int MAX_ATTEMPTS = 8;

  private final TaskRepository repository;
  private final SaleTimeline timeline;
  private final TaskIndex index;
  private final Clock clock;
  private final List<TaskListener> listeners = new CopyOnWriteArrayList<>();
  private final Queue<Finding> failedRaises = new ConcurrentLinkedQueue<>();
  private final List<Consumer<Task>> raisedOnResolved = new CopyOnWriteArrayList<>();

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

  /**
   * Registers what to tell when a finding is raised again whose task is already resolved (it is
   * never reopened): an engine raising it again after a restart cannot know a person settled it,
   * and must not keep holding it for nobody. Called with the stored task on the store's thread;
   * must not block. Call while wiring.
   */
  public void whenRaisedOnResolved(Consumer<Task> hook) {
    raisedOnResolved.add(hook);
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

  /** The service's clock, for views that judge ages (overdue, the summary's counts). */
  public long nowMs() {
    return clock.millis();
  }

  public TaskIndex index() {
    return index;
  }

  // ---- findings (engine shard threads) ------------------------------------------------------

  @Override
  public void raised(Finding f) {
    raise(f);
  }

  /**
   * Opens the finding's task. Completes once it is stored (or was there already), fails when the
   * store refused it (it is then retried by {@link #retryFailed}): a caller that must not move on
   * before the task is safe, such as a cluster detector about to commit its input, waits for it.
   */
  public CompletableFuture<Void> raise(Finding f) {
    String key = f.key().asString();
    if (!index.claim(key, f.kind(), f.severity(), f.raisedAtMs())) {
      return CompletableFuture.completedFuture(null); // already an unresolved task for it
    }
    long nowMs = clock.millis();
    Task task = Task.open(TaskIds.next(nowMs), TaskFinding.of(f), TaskSale.of(f), f.severity(), nowMs);
    return repository.insertIfAbsent(task).whenComplete((created, error) -> {
      if (error != null) {
        index.release(key);
        failedRaises.add(f);
        LOG.error("could not store task for {} on {}/{}: {}; will retry", f.kind(), f.key().merchant(), f.key().terminal(),
            error.toString());
      } else if (created.isPresent()) {
        Task t = created.get();
        index.put(t);
        tell(TaskChange.created(t, clock.millis() - f.dueAtMs()));
      } else {
        keepIfOpenElsewhere(key);
      }
    }).thenApply(created -> null);
  }

  /**
   * The finding's task exists already. Resolved earlier (e.g. before a restart): never reopened, the
   * claim goes, and {@link #whenRaisedOnResolved} hears of it. Or, on a shared store, another instance opened it a moment ago: the index takes that
   * task now, so a clear arriving here before the change feed's news still auto-resolves it.
   */
  private void keepIfOpenElsewhere(String key) {
    repository.loadByKey(key).whenComplete((stored, error) -> {
      if (error == null && stored.isPresent() && stored.get().state().unresolved()) {
        index.changedElsewhere(stored.get());
      } else {
        index.release(key);
        if (error == null && stored.isPresent()) {
          raisedOnResolved.forEach(hook -> hook.accept(stored.get()));
        }
      }
    });
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    clear(key, reason);
  }

  /** Auto-resolves the finding's task, if it has one; completes once that is stored, like {@link #raise}. */
  public CompletableFuture<Void> clear(FindingKey key, String reason) {
    String k = key.asString();
    if (!index.contains(k)) {
      return CompletableFuture.completedFuture(null);
    }
    return autoResolve(k, reason).whenComplete((resolved, error) -> {
      if (error != null) {
        LOG.error("could not auto-resolve {}: {}", key.kind(), unwrap(error).toString());
      }
    }).thenApply(resolved -> null);
  }

  @Override
  public void severityChanged(FindingKey key, Severity severity, long atMs) {
    severityOf(key, severity);
  }

  /** Moves the finding's task to the new severity; completes once that is stored, like {@link #raise}. */
  public CompletableFuture<Void> severityOf(FindingKey key, Severity severity) {
    String k = key.asString();
    if (!index.contains(k)) {
      return CompletableFuture.completedFuture(null);
    }
    return changeSeverity(k, severity).whenComplete((changed, error) -> {
      if (error != null) {
        LOG.error("could not change severity of {}: {}", key.kind(), unwrap(error).toString());
      }
    }).thenApply(changed -> null);
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

  /** Resolves the unresolved task with that dedupe key as AUTO_RESOLVED; empty when there is none (or it was resolved first). */
  public CompletableFuture<Optional<Task>> autoResolve(String dedupeKey, String reason) {
    long nowMs = clock.millis();
    return update(() -> repository.loadByKey(dedupeKey), t -> unresolved(t).map(u -> u.autoResolve(reason, nowMs)))
        .thenApply(step -> step.map(this::afterResolve));
  }

  /** Changes the severity of the unresolved task with that dedupe key; empty when there is none or no change. */
  public CompletableFuture<Optional<Task>> changeSeverity(String dedupeKey, Severity severity) {
    long nowMs = clock.millis();
    return update(() -> repository.loadByKey(dedupeKey), t -> unresolved(t).map(u -> u.withSeverity(severity, nowMs)))
        .thenApply(step -> step.filter(TaskTransition::changes).map(s -> {
          index.put(s.to());
          tell(TaskChange.of(s));
          return s.to();
        }));
  }

  // ---- back-office follow-up (automatic: a resolved task is skipped, never a conflict) ----------------

  /**
   * Moves the follow-up of the unresolved task {@code id} on: {@code next} decides the new follow-up
   * from the task as stored (again after a lost race), {@code note} is the history's evidence. Empty
   * when the task is resolved or missing, or when nothing changes.
   */
  public CompletableFuture<Optional<Task>> followUp(String id, Function<Task, FollowUp> next, String note) {
    long nowMs = clock.millis();
    return update(() -> repository.load(id), t -> unresolved(t).map(u -> u.followUp(next.apply(u), note, nowMs)))
        .thenApply(step -> step.filter(TaskTransition::changes).map(s -> {
          tell(TaskChange.of(s));
          return s.to();
        }));
  }

  /** TillWatch settles the unresolved task {@code id} on evidence (see {@link Task#settle}); empty when it was resolved first. */
  public CompletableFuture<Optional<Task>> settle(String id, Resolution how, String evidence) {
    long nowMs = clock.millis();
    return update(() -> repository.load(id), t -> unresolved(t).map(u -> u.settle(how, evidence, nowMs)))
        .thenApply(step -> step.map(this::afterResolve));
  }

  // ---- operators ----------------------------------------------------------------------------------

  /** Listeners are told even when the task was already acknowledged (the step then changes nothing). */
  public CompletableFuture<Task> acknowledge(String id, String by) {
    long nowMs = clock.millis();
    return update(() -> repository.load(id), t -> Optional.of(existing(t, id).acknowledge(by, nowMs)))
        .thenApply(step -> {
          TaskTransition acknowledged = step.orElseThrow();
          index.acknowledged(acknowledged.to()); // no longer counts as overdue
          tell(TaskChange.of(acknowledged));
          return acknowledged.to();
        });
  }

  public CompletableFuture<Task> resolve(String id, Resolution resolution, String by, String note) {
    try {
      Task.checkOperatorResolution(resolution);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    long nowMs = clock.millis();
    return update(() -> repository.load(id), t -> Optional.of(existing(t, id).resolve(resolution, by, note, nowMs)))
        .thenApply(step -> afterResolve(step.orElseThrow()));
  }

  // ---- other instances --------------------------------------------------------------------------------

  /**
   * A change another instance committed on the shared store (the store's change feed calls this):
   * the index follows it as it follows a change made here, so this instance's open-task gauges,
   * overdue scan and auto-resolves see the other's tasks; then every listener hears of it through
   * {@link TaskListener#changedElsewhere}.
   */
  public void peerChanged(TaskChange change) {
    index.changedElsewhere(change.task());
    for (TaskListener listener : listeners) {
      try {
        listener.changedElsewhere(change);
      } catch (RuntimeException e) {
        LOG.error("task listener {} failed on {} of task {} (made elsewhere)", listener, change.kind(), change.task().id(),
            e);
      }
    }
  }

  // ---- reads (blocking: call them off the event loop) ------------------------------------------------

  public Optional<Task> find(String id) {
    return repository.find(id);
  }

  public TaskPage list(TaskQuery query) {
    return repository.list(query);
  }

  /** Every OPEN or ACKNOWLEDGED task, as stored. */
  public List<Task> unresolved() {
    return repository.unresolved();
  }

  public List<TaskHistoryEntry> history(String id) {
    return repository.history(id);
  }

  /** The events of the task's sale in the order received; none for terminal-level tasks. */
  public List<StoredEvent> timeline(Task task) {
    String txn = task.sale().txn();
    return txn == null ? List.of() : timeline.events(task.key().merchant(), task.key().terminal(), txn);
  }

  // ---- internals ----------------------------------------------------------------------------------

  /**
   * Load, decide, compare-and-set; a lost compare-and-set loads again and decides anew. The
   * decision may be empty (nothing to do), a step that changes nothing (not written), or throw a
   * conflict (the future fails with it).
   */
  private CompletableFuture<Optional<TaskTransition>> update(Supplier<CompletableFuture<Optional<Task>>> load,
      Function<Optional<Task>, Optional<TaskTransition>> decide) {
    return attempt(load, decide, 1);
  }

  private CompletableFuture<Optional<TaskTransition>> attempt(Supplier<CompletableFuture<Optional<Task>>> load,
      Function<Optional<Task>, Optional<TaskTransition>> decide, int attempt) {
    return load.get().thenCompose(current -> {
      Optional<TaskTransition> step = decide.apply(current);
      if (step.isEmpty() || !step.get().changes()) {
        return CompletableFuture.completedFuture(step);
      }
      return repository.compareAndSet(step.get()).thenCompose(won -> {
        if (won) {
          return CompletableFuture.completedFuture(step);
        }
        if (attempt >= MAX_ATTEMPTS) {
          Task from = step.get().from();
          return CompletableFuture.failedFuture(new TaskConflictException("task " + from.id() + " kept changing; try again", from));
        }
        return attempt(load, decide, attempt + 1);
      });
    });
  }

  private static Task existing(Optional<Task> task, String id) {
    return task.orElseThrow(() -> new TaskNotFoundException(id));
  }

  /** Automatic changes skip resolved tasks silently: the finding closed, or an operator got there first. */
  private static Optional<Task> unresolved(Optional<Task> task) {
    return task.filter(t -> t.state().unresolved());
  }

  private Task afterResolve(TaskTransition step) {
    index.remove(step.to().dedupeKey());
    tell(TaskChange.of(step));
    return step.to();
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

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
