package io.tillwatch.backoffice;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.FollowUp;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.SaleTimeline;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskConflictException;
import io.tillwatch.tasks.TaskListener;
import io.tillwatch.tasks.TaskNotFoundException;
import io.tillwatch.tasks.TaskService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 补单 loop: when a money task opens, ask its back office whether the sale was charged, ask
 * again on the {@link RecheckSchedule} until the answer is final, and let {@link FollowUpRules}
 * turn the answer into the task's next step, a reprint command or a settlement.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Threading: all state lives on one {@code executor} thread (a dedicated single thread in the
 *       daemon). Task changes (the store's writer thread), command results and adapters' answers hop
 *       onto it; reading a sale's events from the journal there is fine because it is nobody's event
 *       loop. {@link #tick()} is called periodically and reads the clock once per call.</li>
 *   <li>Durability: a check is stored before its task shows CHECKING, and its attempt count (with
 *       the time of the look-up after it) is stored before each look-up goes out. After a kill -9
 *       {@link #resume()} reloads the checks: a look-up cut off mid-flight counts as made, so no step
 *       is asked twice, and nothing pending is lost. That write is a compare-and-set on the attempt
 *       count ({@link CheckStore#claim}): instances sharing a store all hold the stored checks, and
 *       for each step exactly one of them wins and asks, the others take the stored due time. Money
 *       tasks that never got a check (killed between the task's commit and the check's) are found
 *       and opened again. A final answer is written to the task before the check is removed, so a
 *       crash in between asks once more and lands on the same answer; the reprint is idempotent per
 *       task.</li>
 *   <li>Politeness: a back office whose guard refuses (breaker open, cap reached, rate spent) is
 *       skipped for the rest of the tick, and its checks keep their place and their step: an
 *       outage of any length costs the schedule nothing but the few look-ups that found it.</li>
 * </ul>
 */
public final class FollowUpService implements TaskListener {
  private static final Logger LOG = LoggerFactory.getLogger(FollowUpService.class);
  /** Beyond the adapter's own timeout: a stage that never completes must not hold a slot forever. */
  private static final long TIMEOUT_MARGIN_MS = 1_000;

  private final TaskService tasks;
  private final SaleTimeline timeline;
  private final CheckStore store;
  private final Map<String, ConfiguredBackOffice> backOffices = new LinkedHashMap<>();
  private final Map<String, BackOfficeGuard> guards = new HashMap<>();
  private final BackOfficeRouter router;
  private final RecheckSchedule schedule;
  private final ReprintSender reprints;
  private final FollowUpEvents events;
  private final Clock clock;
  private final Executor executor;

  /** Checks waiting for their due time, soonest first. */
  private final TreeSet<PendingCheck> waiting = new TreeSet<>(
      Comparator.comparingLong(PendingCheck::dueAtMs).thenComparing(PendingCheck::taskId));
  /** Every check this service holds, waiting or with a look-up out, by task id. */
  private final Map<String, PendingCheck> checks = new HashMap<>();
  /** Due checks the open breaker held back at their current step, counted once each as not asked. */
  private final Set<String> heldBack = new HashSet<>();
  private volatile int pending;

  public FollowUpService(TaskService tasks, SaleTimeline timeline, CheckStore store, List<ConfiguredBackOffice> configured,
      BackOfficeRouter router, RecheckSchedule schedule, ReprintSender reprints, FollowUpEvents events, Clock clock,
      Executor executor) {
    this.tasks = tasks;
    this.timeline = timeline;
    this.store = store;
    this.router = router;
    this.schedule = schedule;
    this.reprints = reprints;
    this.events = events;
    this.clock = clock;
    this.executor = executor;
    for (ConfiguredBackOffice c : configured) {
      backOffices.put(c.name(), c);
      guards.put(c.name(), new BackOfficeGuard(c.guards()));
    }
    Map<String, IntSupplier> breakers = new LinkedHashMap<>();
    guards.forEach((name, guard) -> breakers.put(name, () -> guard.breakerState().ordinal()));
    events.bind(() -> pending, breakers);
  }

  // ---- life cycle ----------------------------------------------------------------------------------

  /**
   * Reloads stored checks and opens a check for every unresolved money task that has none yet,
   * including those that had no back office before this start (one may have been configured since).
   * Blocking; call once at start, after tasks are loaded and before {@link #tick()} runs.
   */
  public CompletableFuture<Integer> resume() {
    return CompletableFuture.supplyAsync(() -> {
      Set<String> held = new HashSet<>();
      for (PendingCheck c : store.all()) {
        hold(c);
        held.add(c.taskId());
      }
      int opened = 0;
      for (Task t : tasks.unresolved()) {
        FollowUp.State state = t.followUp().state();
        boolean unchecked = state == FollowUp.State.NONE || state == FollowUp.State.NOT_CONFIGURED; // configured since?
        if (FollowUpRules.followedUp(t.kind()) && unchecked && !held.contains(t.id())) {
          open(t);
          opened++;
        }
      }
      LOG.info("back-office follow-up: {} pending checks resumed, {} tasks without one opened", held.size(), opened);
      return held.size();
    }, executor);
  }

  /** Sends the look-ups that are due and that their back offices' guards admit. Call periodically. */
  public void tick() {
    executor.execute(this::dispatchDue);
  }

  // ---- task changes (the store's writer thread) --------------------------------------------------------

  @Override
  public void changed(TaskChange change) {
    Task t = change.task();
    switch (change.kind()) {
      case CREATED -> {
        if (FollowUpRules.followedUp(t.kind())) {
          executor.execute(() -> open(t));
        }
      }
      case RESOLVED, AUTO_RESOLVED -> executor.execute(() -> forget(t.id()));
      default -> { }
    }
  }

  /** A reprint command of task {@code taskId} ended without a printed receipt: say so on the task. */
  public void reprintFailed(String taskId, String why) {
    executor.execute(() -> tasks.followUp(taskId, t -> {
      SaleLookup sale = saleOf(t, t.sale().txn());
      FollowUp f = t.followUp();
      return f.withNextStep(NextStep.REPRINT_FAILED,
          Evidence.action(NextStep.REPRINT_FAILED, sale, f.backOffice(), f.reference(), why));
    }, "reprint failed: " + why).whenComplete((r, e) -> logFailure(e, "record the failed reprint of", taskId)));
  }

  /**
   * An operator asks for a reprint (the paper was refilled, the customer came back). The task must be
   * unresolved and about one sale; the command is recorded on the task with who asked.
   *
   * @throws TaskNotFoundException (in the future) when there is no such task
   * @throws TaskConflictException (in the future) when it is resolved
   * @throws IllegalArgumentException (in the future) for a task that is not about a sale
   */
  public CompletableFuture<Task> reprintByHand(String taskId, String by) {
    return CompletableFuture.supplyAsync(() -> {
      Task t = tasks.find(taskId).orElseThrow(() -> new TaskNotFoundException(taskId));
      if (!t.state().unresolved()) {
        throw new TaskConflictException("task " + taskId + " is already resolved", t);
      }
      if (!t.kind().perSale()) {
        throw new IllegalArgumentException(t.kind() + " is not about a sale: there is no receipt to reprint");
      }
      return t;
    }, executor).thenComposeAsync(t -> reprints.send(ReprintOrder.byHand(taskId, t.revision(), saleOf(t, t.sale().txn()),
            t.followUp().reference())).toCompletableFuture()
        .thenCompose(commandId -> tasks.followUp(taskId, u -> u.followUp().withCommand(commandId),
            "reprint command " + commandId + " sent to " + t.key().terminal() + " by " + by))
        .thenApply(changed -> changed.orElseGet(() -> tasks.find(taskId).orElseThrow())), executor);
  }

  // ---- opening a check -------------------------------------------------------------------------------

  private void open(Task t) {
    if (checks.containsKey(t.id())) {
      return;
    }
    SaleLookup sale = saleOf(t, t.sale().txn());
    Optional<String> office = router.route(t.key().merchant(), sale.method()).filter(backOffices::containsKey);
    long nowMs = clock.millis();
    if (office.isEmpty() && (backOffices.isEmpty() || t.followUp().state() == FollowUp.State.NOT_CONFIGURED)) {
      return; // the follow-up is off, or the task already says no back office knows it
    }
    if (office.isEmpty()) {
      tasks.followUp(t.id(), u -> u.followUp().withState(FollowUp.State.NOT_CONFIGURED),
              "no back office is configured for merchant " + t.key().merchant()
                  + (sale.method() == null ? "" : " (" + sale.method().name() + ")"))
          .whenComplete((r, e) -> logFailure(e, "mark as not configured", t.id()));
      return;
    }
    PendingCheck check = new PendingCheck(t.id(), t.kind(), t.key().merchant(), t.key().terminal(), t.sale().txn(),
        t.kind() == FindingKind.DOUBLE_CHARGE_RISK ? t.sale().relatedTxn() : null, office.get(), 0, nowMs);
    store.insertIfAbsent(check).thenAcceptAsync(inserted -> {
      hold(check);
      tasks.followUp(t.id(), u -> u.followUp()
              .answered(FollowUp.State.CHECKING, office.get(), null, null, -1, 0, nowMs), "asking " + office.get())
          .whenComplete((r, e) -> logFailure(e, "mark as checking", t.id()));
    }, executor).whenComplete((r, e) -> logFailure(e, "store the check of", t.id()));
  }

  private void hold(PendingCheck c) {
    checks.put(c.taskId(), c);
    waiting.add(c);
    pending = checks.size();
  }

  private void forget(String taskId) {
    PendingCheck c = checks.remove(taskId);
    if (c == null) {
      return;
    }
    waiting.remove(c);
    heldBack.remove(taskId);
    pending = checks.size();
    store.remove(taskId).whenComplete((r, e) -> logFailure(e, "remove the check of", taskId));
  }

  // ---- look-ups --------------------------------------------------------------------------------------

  private void dispatchDue() {
    long nowMs = clock.millis();
    Map<String, BackOfficeGuard.Admission> refusing = new HashMap<>();
    List<PendingCheck> admitted = new ArrayList<>();
    for (PendingCheck c : waiting) {
      if (c.dueAtMs() > nowMs) {
        break;
      }
      BackOfficeGuard guard = guards.get(c.backOffice());
      if (guard == null) {
        continue; // its back office left the configuration: resume() keeps it until it is back
      }
      BackOfficeGuard.Admission refused = refusing.get(c.backOffice());
      if (refused == null) {
        BackOfficeGuard.Admission a = guard.admit(nowMs);
        if (a == BackOfficeGuard.Admission.ADMITTED) {
          admitted.add(c);
          continue;
        }
        refusing.put(c.backOffice(), a);
        refused = a;
      }
      if (refused == BackOfficeGuard.Admission.BREAKER_OPEN && heldBack.add(c.taskId())) {
        events.lookedUp(c.backOffice(), BackOfficeAnswer.unreachable(LookupProblem.NOT_ASKED, null, nowMs,
            "the breaker is open"), -1);
      }
    }
    for (PendingCheck c : admitted) {
      waiting.remove(c);
      start(c, nowMs);
    }
  }

  /**
   * Claims the step before asking (so a restart never asks this step again, and of several instances
   * sharing the store only one asks it), then asks.
   */
  private void start(PendingCheck c, long nowMs) {
    heldBack.remove(c.taskId());
    PendingCheck started = c.started(schedule.nextDueAtMs(c.attempts() + 1, nowMs));
    checks.put(c.taskId(), started);
    store.claim(started).whenCompleteAsync((claim, e) -> {
      if (e != null) { // storage trouble: nothing was asked
        LOG.error("back-office check of task {} failed: {}", c.taskId(), e.toString());
        guards.get(c.backOffice()).cancelled();
        retryLater(started);
      } else if (!claim.won()) {
        guards.get(c.backOffice()).cancelled();
        claimedElsewhere(started, claim.stored());
      } else {
        askAndRecord(started, c);
      }
    }, executor);
  }

  private void askAndRecord(PendingCheck started, PendingCheck c) {
    CompletableFuture.completedFuture(started).thenComposeAsync(this::ask, executor).whenCompleteAsync((round, e) -> {
      if (e != null) { // storage trouble while reading the sale: nothing was asked
        LOG.error("back-office check of task {} failed: {}", c.taskId(), e.toString());
        guards.get(c.backOffice()).cancelled();
        retryLater(started);
        return;
      }
      try {
        answered(started, round);
      } catch (RuntimeException bug) {
        LOG.error("back-office answer for task {} could not be handled", c.taskId(), bug);
      }
    }, executor);
  }

  /**
   * Another instance on the shared store claimed this step first and asks it. This one follows the
   * stored check: waits for its due time (the step after), or lets it go when the other finished it.
   */
  private void claimedElsewhere(PendingCheck started, Optional<PendingCheck> stored) {
    if (checks.get(started.taskId()) != started) {
      return; // forgotten meanwhile (its task was resolved here)
    }
    if (stored.isPresent()) {
      hold(stored.get());
    } else {
      checks.remove(started.taskId());
      pending = checks.size();
    }
  }

  private CompletionStage<Answers> ask(PendingCheck c) {
    ConfiguredBackOffice office = backOffices.get(c.backOffice());
    Optional<Task> task = tasks.find(c.taskId());
    if (task.isEmpty() || !task.get().state().unresolved()) {
      return CompletableFuture.completedFuture(null);
    }
    List<SaleLookup> sales = new ArrayList<>();
    sales.add(saleOf(task.get(), c.txn()));
    if (c.relatedTxn() != null) {
      sales.add(saleOf(task.get(), c.relatedTxn()));
    }
    long started = System.nanoTime();
    List<CompletableFuture<BackOfficeAnswer>> asked = new ArrayList<>();
    for (SaleLookup s : sales) {
      asked.add(lookUp(office, s));
    }
    return CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new))
        .thenApply(v -> new Answers(task.get(), sales, asked.stream().map(CompletableFuture::join).toList(),
            System.nanoTime() - started));
  }

  private CompletableFuture<BackOfficeAnswer> lookUp(ConfiguredBackOffice office, SaleLookup sale) {
    long limitMs = office.guards().timeout().toMillis() + TIMEOUT_MARGIN_MS;
    CompletableFuture<BackOfficeAnswer> f;
    try {
      f = office.backOffice().lookUp(sale).toCompletableFuture();
    } catch (RuntimeException e) { // an adapter breaking its contract must not stop the loop
      f = CompletableFuture.failedFuture(e);
    }
    return f.completeOnTimeout(null, limitMs, TimeUnit.MILLISECONDS).handle((a, e) -> {
      if (a != null) {
        return a;
      }
      long nowMs = clock.millis();
      return e == null ? BackOfficeAnswer.unreachable(LookupProblem.TIMEOUT, null, nowMs, "no answer within " + limitMs + " ms")
          : BackOfficeAnswer.unreachable(LookupProblem.TRANSPORT, null, nowMs, "adapter failed: " + e.getClass().getSimpleName());
    });
  }

  /** The sales asked about, their answers, and how long the round took. {@code task} as it was when asked. */
  private record Answers(Task task, List<SaleLookup> sales, List<BackOfficeAnswer> answers, long nanos) {
    BackOfficeAnswer worst() {
      return answers.stream().filter(a -> a.verdict() == Verdict.UNREACHABLE).findFirst().orElse(answers.get(0));
    }
  }

  private void answered(PendingCheck c, Answers round) {
    long nowMs = clock.millis();
    BackOfficeGuard guard = guards.get(c.backOffice());
    if (round == null) { // the task was resolved meanwhile
      guard.cancelled();
      forget(c.taskId());
      return;
    }
    guard.finished(round.worst(), nowMs);
    for (BackOfficeAnswer a : round.answers()) {
      events.lookedUp(c.backOffice(), a, round.nanos());
    }
    boolean stillHeld = checks.get(c.taskId()) == c;
    Decision d = FollowUpRules.decide(c.kind(), round.answers(), schedule.exhausted(c.attempts()));
    String note = Evidence.note(c.backOffice(), round.sales(), round.answers());
    String verdicts = Evidence.verdicts(round.answers());
    String refs = Evidence.references(round.answers());
    SaleLookup sale = round.sales().get(0);
    CompletableFuture<?> written = switch (d.kind()) {
      case ASK_AGAIN -> tasks.followUp(c.taskId(), t -> t.followUp()
          .answered(FollowUp.State.CHECKING, c.backOffice(), verdicts, refs, nowMs, c.attempts(), c.dueAtMs()), note);
      case NEXT_STEP, GIVE_UP -> {
        FollowUp.State state = d.kind() == Decision.Kind.GIVE_UP ? FollowUp.State.GAVE_UP : FollowUp.State.ANSWERED;
        events.nextStep(c.kind(), d.nextStep());
        if (d.kind() == Decision.Kind.GIVE_UP) {
          events.gaveUp(c.kind());
        }
        yield tasks.followUp(c.taskId(), t -> t.followUp()
                .answered(state, c.backOffice(), verdicts, refs, nowMs, c.attempts(), -1)
                .withNextStep(d.nextStep(), Evidence.action(d.nextStep(), sale, c.backOffice(), refs, null)), note)
            .thenCompose(task -> d.reprint() && task.isPresent() ? reprint(c, sale, refs) : CompletableFuture.completedFuture(null));
      }
      case SETTLE -> tasks.followUp(c.taskId(), t -> t.followUp()
              .answered(FollowUp.State.ANSWERED, c.backOffice(), verdicts, refs, nowMs, c.attempts(), -1), note)
          .thenCompose(recorded -> tasks.settle(c.taskId(), d.resolution(), note));
    };
    written.whenCompleteAsync((r, e) -> {
      if (e != null) {
        LOG.error("could not record the back-office answer for task {}: {}", c.taskId(), e.toString());
        retryLater(c);
      } else if (!d.done() && stillHeld && checks.get(c.taskId()) == c) {
        waiting.add(c); // due at the time stored when this look-up started
      } else if (d.done()) {
        forget(c.taskId());
      }
    }, executor);
  }

  private CompletableFuture<?> reprint(PendingCheck c, SaleLookup sale, String refs) {
    CompletableFuture<String> sent;
    try {
      sent = reprints.send(ReprintOrder.automatic(c.taskId(), sale, refs)).toCompletableFuture();
    } catch (RuntimeException e) { // a command the sender refuses outright: the task says so, the answer stays recorded
      sent = CompletableFuture.failedFuture(e);
    }
    return sent
        .thenCompose(commandId -> tasks.followUp(c.taskId(), t -> t.followUp().withCommand(commandId),
            "reprint command " + commandId + " sent to " + c.terminal()))
        .exceptionally(e -> {
          reprintFailed(c.taskId(), "could not send the command: " + e.getMessage());
          return Optional.empty();
        });
  }

  /** Storage trouble: keep the check, try again at its next due time (or a minute from now). */
  private void retryLater(PendingCheck c) {
    if (checks.get(c.taskId()) != c) {
      return;
    }
    long due = c.dueAtMs() > 0 ? c.dueAtMs() : clock.millis() + 60_000;
    PendingCheck later = new PendingCheck(c.taskId(), c.kind(), c.merchant(), c.terminal(), c.txn(), c.relatedTxn(),
        c.backOffice(), c.attempts(), due);
    checks.put(c.taskId(), later);
    waiting.add(later);
  }

  private SaleLookup saleOf(Task t, String txn) {
    return SaleLookups.of(t.key().merchant(), t.key().terminal(), txn,
        timeline.events(t.key().merchant(), t.key().terminal(), txn), t.sale());
  }

  private static void logFailure(Throwable e, String what, String taskId) {
    if (e != null) {
      LOG.error("back-office follow-up could not {} task {}: {}", what, taskId, e.toString());
    }
  }
}
