package io.tillwatch.backoffice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.tasks.FollowUp;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TaskState;
import io.tillwatch.tasks.TestClock;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The follow-up loop on a fake clock, with the in-memory task repository and check store and a
 * scripted back office: every answer's consequence, the schedule, the breaker, and a restart with
 * a look-up cut off mid-flight.
 */
class FollowUpServiceTest {
  private static final long T0 = 1_800_000_000_000L;
  private static final RecheckSchedule SCHEDULE = new RecheckSchedule(List.of(Duration.ofSeconds(30), Duration.ofMinutes(2)));
  private static final GuardSettings GUARDS = new GuardSettings(Duration.ofSeconds(5), 4, 1000, 3, Duration.ofSeconds(60));

  private final TestClock clock = new TestClock(T0);
  private final InMemoryTaskRepository repository = new InMemoryTaskRepository();
  private final InMemoryCheckStore checks = new InMemoryCheckStore();
  private final ScriptedBackOffice backOffice = new ScriptedBackOffice();
  private final List<ReprintOrder> reprints = new CopyOnWriteArrayList<>();
  private final Map<String, List<StoredEvent>> journal = new ConcurrentHashMap<>();
  private final ManualExecutor executor = new ManualExecutor();
  private TaskService tasks;
  private FollowUpService followUp;

  @BeforeEach
  void wire() {
    tasks = new TaskService(repository, (m, t, txn) -> journal.getOrDefault(txn, List.of()), new TaskIndex(), clock);
    followUp = start(backOffice);
  }

  private FollowUpService start(BackOffice office) {
    FollowUpService s = new FollowUpService(tasks, (m, t, txn) -> journal.getOrDefault(txn, List.of()), checks,
        List.of(new ConfiguredBackOffice(office, GUARDS)),
        (merchant, method) -> merchant.equals("m001") ? Optional.of("acq") : Optional.empty(), SCHEDULE,
        order -> {
          reprints.add(order);
          return CompletableFuture.completedFuture("cmd-" + order.taskId());
        }, FollowUpEvents.NONE, clock, executor);
    tasks.addListener(s);
    CompletableFuture<Integer> resumed = s.resume();
    executor.drain();
    resumed.join();
    return s;
  }

  /** A sale of ¥128.50 that started (and maybe was authorized) on m001/t0001, raised as {@code kind}. */
  private String raise(FindingKind kind, String merchant, String txn, String related) {
    journal.put(txn, List.of(
        new StoredEvent(T0 - 5_000, new TxnEvent(merchant, "t0001", txn, 1, EventType.STARTED, T0 - 6_000, 12_850, "CNY",
            PaymentMethod.QR, null, null, null, "ord-" + txn)),
        new StoredEvent(T0 - 4_000, new TxnEvent(merchant, "t0001", txn, 2, EventType.AUTHORIZED, T0 - 5_500, 12_850,
            "CNY", PaymentMethod.QR, "433412345678", "A1B2C3", null, null))));
    FindingKey key = new FindingKey(kind, merchant, "t0001", txn);
    tasks.raised(new Finding(key, Severity.CRITICAL, txn, 12_850, "CNY", "433412345678", null, T0, T0, related, "detail"));
    until(() -> repository.unresolved().stream().anyMatch(t -> t.key().equals(key)));
    return repository.unresolved().stream().filter(t -> t.key().equals(key)).findFirst().orElseThrow().id();
  }

  private Task task(String id) {
    return repository.find(id).orElseThrow();
  }

  private void tickAt(long ms) {
    clock.set(ms);
    followUp.tick();
  }

  @Test
  void aChargedUnconfirmedSaleGetsDoNotCollectAndAReprintThenThePrintedReceiptClosesItAsReprinted() {
    backOffice.answer("s1", Verdict.CHARGED);
    String id = raise(FindingKind.UNCONFIRMED_SALE, "m001", "s1", null);
    until(() -> checks.get(id) != null);
    tickAt(T0 + 10);
    until(() -> task(id).followUp().commandId() != null);
    Task t = task(id);
    assertEquals(FollowUp.State.ANSWERED, t.followUp().state());
    assertEquals(NextStep.DO_NOT_COLLECT_REPRINT, t.followUp().nextStep());
    assertEquals("CHARGED", t.followUp().verdict());
    assertEquals("4200-s1", t.followUp().reference());
    assertTrue(t.action().startsWith("¥128.50, acq ref 4200-s1: Charged: do NOT collect again."), t.action());
    assertTrue(t.action().contains("请勿重复收款"), t.action());
    ReprintOrder order = reprints.get(0);
    assertEquals(id, order.taskId());
    assertEquals(new SaleLookup("m001", "t0001", "s1", "ord-s1", "433412345678", "A1B2C3", 12_850, "CNY", PaymentMethod.QR,
        null, T0 - 6_000), order.sale());
    assertEquals(List.of("s1"), backOffice.asked());
    until(() -> checks.get(id) == null);
    assertTrue(repository.history(id).stream().anyMatch(h -> "acq: CHARGED (SUCCESS), ref 4200-s1".equals(h.note())));

    tasks.cleared(task(id).key(), T0 + 20, "PRINTED arrived");
    until(() -> task(id).state() == TaskState.RESOLVED);
    assertEquals(Resolution.REPRINTED, task(id).resolution().how());
  }

  /** Another instance on the shared store claimed the step first: this one does not ask it, and waits for the stored due time. */
  @Test
  void aStepClaimedByAnotherInstanceIsNotAskedHereAndItsStoredDueTimeIsTaken() {
    backOffice.answer("s1", Verdict.NOT_CHARGED);
    String id = raise(FindingKind.UNCONFIRMED_SALE, "m001", "s1", null);
    until(() -> checks.get(id) != null);
    PendingCheck elsewhere = checks.get(id).started(T0 + 90_000);
    assertTrue(checks.claim(elsewhere).join().won(), "the other instance sends look-up 1");
    tickAt(T0 + 10);
    idle();
    assertEquals(List.of(), backOffice.asked(), "not asked twice");
    assertEquals(elsewhere, checks.get(id));
    tickAt(T0 + 89_999);
    idle();
    assertEquals(List.of(), backOffice.asked());
    tickAt(T0 + 90_000);
    until(() -> task(id).followUp().nextStep() == NextStep.COLLECT_AGAIN);
    assertEquals(List.of("s1"), backOffice.asked(), "the step after the other's is this instance's to ask");
    assertEquals(2, task(id).followUp().attempts());
  }

  @Test
  void pendingIsAskedAgainOnTheScheduleAndNotBeforeThenNotChargedMeansCollectAgain() {
    backOffice.answer("s1", Verdict.PENDING, Verdict.NOT_CHARGED);
    String id = raise(FindingKind.UNCONFIRMED_SALE, "m001", "s1", null);
    until(() -> checks.get(id) != null);
    tickAt(T0 + 10);
    until(() -> task(id).followUp().attempts() == 1);
    assertEquals(FollowUp.State.CHECKING, task(id).followUp().state());
    assertEquals(T0 + 10 + 30_000, task(id).followUp().nextCheckAtMs());
    tickAt(T0 + 10 + 29_999);
    tickAt(T0 + 10 + 29_999); // nothing due: the executor runs the ticks in order, then this check
    idle();
    assertEquals(1, backOffice.asked().size());
    tickAt(T0 + 10 + 30_000);
    until(() -> task(id).followUp().nextStep() == NextStep.COLLECT_AGAIN);
    assertEquals(2, backOffice.asked().size());
    assertTrue(reprints.isEmpty(), "nothing to reprint for a sale that was not charged");
    assertTrue(task(id).action().contains("Not charged: collect the payment again."));
  }

  @Test
  void noFinalAnswerByTheScheduleEndLeavesTheTaskToAPerson() {
    backOffice.answer("s1", Verdict.PENDING, Verdict.PENDING, Verdict.PENDING);
    String id = raise(FindingKind.UNPRINTED_RECEIPT, "m001", "s1", null);
    until(() -> checks.get(id) != null);
    tickAt(T0);
    until(() -> task(id).followUp().attempts() == 1);
    tickAt(T0 + 30_000);
    until(() -> task(id).followUp().attempts() == 2);
    tickAt(T0 + 30_000 + 120_000);
    until(() -> task(id).followUp().state() == FollowUp.State.GAVE_UP);
    assertEquals(NextStep.CHECK_BY_HAND, task(id).followUp().nextStep());
    assertEquals(3, backOffice.asked().size());
    until(() -> checks.get(id) == null);
  }

  @Test
  void aDoubleChargeWithOneRealChargeIsAFalseAlarmClosedByTillWatch() {
    backOffice.answer("s2", Verdict.CHARGED);
    backOffice.answer("s1", Verdict.NOT_CHARGED);
    String id = raise(FindingKind.DOUBLE_CHARGE_RISK, "m001", "s2", "s1");
    until(() -> checks.get(id) != null);
    tickAt(T0);
    until(() -> task(id).state() == TaskState.RESOLVED);
    assertEquals(Resolution.FALSE_ALARM, task(id).resolution().how());
    assertEquals("tillwatch", task(id).resolution().by());
    assertEquals("acq: sale s2 CHARGED (SUCCESS), ref 4200-s2; sale s1 NOT_CHARGED (SUCCESS), ref 4200-s1",
        task(id).resolution().note());
  }

  @Test
  void aMerchantWithoutABackOfficeKeepsTheManualAdvice() {
    String id = raise(FindingKind.UNCONFIRMED_SALE, "m999", "s1", null);
    until(() -> task(id).followUp().state() == FollowUp.State.NOT_CONFIGURED);
    assertEquals(FindingKind.UNCONFIRMED_SALE.action(), task(id).action());
    assertNull(checks.get(id));
  }

  @Test
  void aTaskWithoutABackOfficeIsCheckedOnceOneIsConfiguredAndARestartSaysNothingTwice() {
    String id = raise(FindingKind.UNCONFIRMED_SALE, "m999", "s1", null);
    until(() -> task(id).followUp().state() == FollowUp.State.NOT_CONFIGURED);
    int history = repository.history(id).size();
    start(backOffice).resume(); // the same configuration again: nothing new to say
    idle();
    assertEquals(history, repository.history(id).size());

    backOffice.answer("s1", Verdict.NOT_CHARGED);
    FollowUpService configured = new FollowUpService(tasks, (m, t, txn) -> journal.getOrDefault(txn, List.of()), checks,
        List.of(new ConfiguredBackOffice(backOffice, GUARDS)), (merchant, method) -> Optional.of("acq"), SCHEDULE,
        order -> CompletableFuture.completedFuture("cmd"), FollowUpEvents.NONE, clock, executor);
    configured.resume();
    until(() -> checks.get(id) != null);
    configured.tick();
    until(() -> task(id).followUp().nextStep() == NextStep.COLLECT_AGAIN);
  }

  @Test
  void aReprintTheSenderRefusesLeavesTheTaskSayingSoAndTheCheckEnds() {
    backOffice.answer("s1", Verdict.CHARGED);
    FollowUpService refusing = new FollowUpService(tasks, (m, t, txn) -> journal.getOrDefault(txn, List.of()), checks,
        List.of(new ConfiguredBackOffice(backOffice, GUARDS)), (merchant, method) -> Optional.of("acq"), SCHEDULE,
        order -> {
          throw new IllegalArgumentException("a sale field holds what looks like a full card number");
        }, FollowUpEvents.NONE, clock, executor);
    tasks.addListener(refusing);
    String id = raise(FindingKind.UNPRINTED_RECEIPT, "m001", "s1", null);
    until(() -> checks.get(id) != null);
    refusing.tick();
    until(() -> task(id).followUp().nextStep() == NextStep.REPRINT_FAILED);
    assertTrue(task(id).action().contains("could not send the command"), task(id).action());
    until(() -> checks.get(id) == null);
    clock.set(T0 + 60_000); // past the schedule's next step
    refusing.tick();
    idle();
    assertEquals(1, backOffice.asked().size(), "the answer was final: not asked again");
  }

  @Test
  void theBreakerStopsAskingAnUnreachableBackOfficeAndTheChecksKeepTheirStep() {
    backOffice.down = true;
    List<String> ids = List.of(raise(FindingKind.UNCONFIRMED_SALE, "m001", "a", null),
        raise(FindingKind.UNCONFIRMED_SALE, "m001", "b", null), raise(FindingKind.UNCONFIRMED_SALE, "m001", "c", null),
        raise(FindingKind.UNCONFIRMED_SALE, "m001", "d", null), raise(FindingKind.UNCONFIRMED_SALE, "m001", "e", null));
    until(() -> ids.stream().allMatch(id -> checks.get(id) != null));
    tickAt(T0);
    until(() -> backOffice.asked().size() == 4); // at most 4 in flight
    tickAt(T0 + 1);
    idle();
    assertEquals(4, backOffice.asked().size(), "the third failure in a row opened the breaker: the fifth sale waits");
    // a-d are due again 30 s later, but the breaker stays open for 60 s: nobody is asked, no step is spent.
    tickAt(T0 + 30_001);
    idle();
    assertEquals(4, backOffice.asked().size());
    backOffice.down = false;
    backOffice.answerAll(Verdict.NOT_CHARGED);
    // The one the cap left waiting (ids, hence the order among equals, are random) is the longest due.
    String waited = ids.stream().filter(id -> checks.get(id).attempts() == 0).findFirst().orElseThrow();
    tickAt(T0 + 60_001); // one trial, for it, which closes the breaker again
    until(() -> task(waited).followUp().nextStep() == NextStep.COLLECT_AGAIN);
    assertEquals(5, backOffice.asked().size());
    tickAt(T0 + 60_002);
    until(() -> ids.stream().allMatch(id -> task(id).followUp().nextStep() == NextStep.COLLECT_AGAIN));
    assertEquals(9, backOffice.asked().size());
    ids.stream().filter(id -> !id.equals(waited))
        .forEach(id -> assertEquals(2, task(id).followUp().attempts(), "one found the outage, one the answer"));
    assertEquals(1, task(waited).followUp().attempts(), "the sale that waited out the outage was asked once");
  }

  @Test
  void afterAKillMidLookUpTheRestartResumesAtTheNextStepWithoutAskingTheSameStepTwice() {
    backOffice.hang = true;
    String id = raise(FindingKind.UNCONFIRMED_SALE, "m001", "s1", null);
    until(() -> checks.get(id) != null);
    tickAt(T0);
    until(() -> backOffice.asked().size() == 1);
    assertEquals(1, checks.get(id).attempts(), "the step was stored before the look-up went out");

    // kill -9: the old service is gone with its look-up (its thread never runs again); a new one starts on the same stores.
    ManualExecutor restarted = new ManualExecutor();
    backOffice.hang = false;
    backOffice.answer("s1", Verdict.CHARGED);
    tasks = new TaskService(repository, (m, t, txn) -> journal.getOrDefault(txn, List.of()), new TaskIndex(), clock);
    FollowUpService again = new FollowUpService(tasks, (m, t, txn) -> journal.getOrDefault(txn, List.of()), checks,
        List.of(new ConfiguredBackOffice(backOffice, GUARDS)), (merchant, method) -> Optional.of("acq"), SCHEDULE,
        order -> {
          reprints.add(order);
          return CompletableFuture.completedFuture("cmd-" + order.taskId());
        }, FollowUpEvents.NONE, clock, restarted);
    tasks.addListener(again);
    CompletableFuture<Integer> resumed = again.resume();
    restarted.drain();
    assertEquals(1, resumed.join());
    clock.set(T0 + 29_999);
    again.tick();
    restarted.drain();
    assertEquals(1, backOffice.asked().size(), "step 1 is not asked again");
    clock.set(T0 + 30_000);
    again.tick();
    restarted.drain();
    assertTrue(task(id).followUp().commandId() != null);
    assertEquals(2, backOffice.asked().size());
    assertEquals(2, task(id).followUp().attempts());
  }

  @Test
  void aTaskResolvedByAnOperatorIsNotAskedAbout() {
    String id = raise(FindingKind.UNCONFIRMED_SALE, "m001", "s1", null);
    until(() -> checks.get(id) != null);
    tasks.resolve(id, Resolution.COLLECTED_AGAIN, "alice", null).join();
    until(() -> checks.get(id) == null);
    tickAt(T0 + 1);
    idle();
    assertTrue(backOffice.asked().isEmpty());
  }

  /** Runs everything the service queued, and what that queued, until nothing is left: no thread, no waiting. */
  private void idle() {
    executor.drain();
  }

  private void until(java.util.function.BooleanSupplier condition) {
    executor.drain();
    assertTrue(condition.getAsBoolean());
  }

  /** The follow-up's one thread, driven by the test: deterministic, and as fast as the code. */
  static final class ManualExecutor implements java.util.concurrent.Executor {
    private final java.util.Queue<Runnable> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable r) {
      queue.add(r);
    }

    void drain() {
      for (Runnable r = queue.poll(); r != null; r = queue.poll()) {
        r.run();
      }
    }
  }

  /** Answers per txn in order; the last one repeats. Down: unreachable; hang: never answers. */
  static final class ScriptedBackOffice implements BackOffice {
    private final Map<String, ArrayDeque<Verdict>> script = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();
    private volatile Verdict everyone;
    volatile boolean down;
    volatile boolean hang;

    void answer(String txn, Verdict... verdicts) {
      script.put(txn, new ArrayDeque<>(List.of(verdicts)));
    }

    void answerAll(Verdict v) {
      everyone = v;
    }

    List<String> asked() {
      return asked;
    }

    @Override
    public String name() {
      return "acq";
    }

    @Override
    public CompletableFuture<BackOfficeAnswer> lookUp(SaleLookup sale) {
      asked.add(sale.txn());
      if (hang) {
        return new CompletableFuture<>();
      }
      if (down) {
        return CompletableFuture.completedFuture(BackOfficeAnswer.unreachable(LookupProblem.SERVER_ERROR, "503", T0, null));
      }
      ArrayDeque<Verdict> q = script.get(sale.txn());
      Verdict v = q == null ? everyone : q.size() > 1 ? q.poll() : q.peek();
      return CompletableFuture.completedFuture(BackOfficeAnswer.of(v, "4200-" + sale.txn(), "SUCCESS", -1, T0, null));
    }

    @Override
    public void close() {}
  }
}
