package io.tillwatch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task service alone: no daemon, no Vert.x, the in-memory repository (which keeps the
 * SQLite adapter's contract) so operations can be held and interleaved.
 */
class TaskServiceTest {
  private static final FindingKey KEY = new FindingKey(FindingKind.UNPRINTED_RECEIPT, "m001", "t0001", "s1");
  private static final Finding FINDING = new Finding(KEY, Severity.WARNING, "s1", 12_850, "CNY", "433412345678",
      "622848******1234", 1_000, 1_001, null, "AUTHORIZED, no PRINTED");

  private final InMemoryTaskRepository repository = new InMemoryTaskRepository();
  private final TestClock clock = new TestClock(1_250);
  private final List<TaskChange> heard = new CopyOnWriteArrayList<>();
  private final List<StoredEvent> timeline = new ArrayList<>();
  private final List<String> timelinesAsked = new ArrayList<>();
  private final TaskIndex index = new TaskIndex();
  private TaskService service;

  @BeforeEach
  void wire() {
    service = new TaskService(repository, (m, t, txn) -> {
      timelinesAsked.add(m + "/" + t + "/" + txn);
      return timeline;
    }, index, clock);
    service.addListener(heard::add);
  }

  /** The id of the task the first change was about (every test has one task at most). */
  private String onlyId() {
    return heard.get(0).task().id();
  }

  private Task theTask() {
    return repository.find(onlyId()).orElseThrow();
  }

  private List<TaskChange.Kind> heardKinds() {
    return heard.stream().map(TaskChange::kind).toList();
  }

  private List<String> history() {
    return repository.history(onlyId()).stream().map(TaskHistoryEntry::change).toList();
  }

  private static Throwable failure(CompletableFuture<?> f) {
    return assertThrows(ExecutionException.class, f::get).getCause();
  }

  @Test
  void aRaisedFindingBecomesOneTaskAndListenersAreToldOnce() {
    service.raised(FINDING);
    assertEquals(1, repository.inserts());
    Task t = theTask();
    assertEquals(TaskState.OPEN, t.state());
    assertEquals(KEY, t.key());
    assertEquals(new TaskSale("s1", 12_850, "CNY", "433412345678", "622848******1234", null), t.sale());
    assertEquals(new TaskFinding(KEY, "AUTHORIZED, no PRINTED", FindingKind.UNPRINTED_RECEIPT.action(), 1_000), t.finding());
    assertEquals(Severity.WARNING, t.severity());
    assertEquals(1_250, t.detectedAtMs());
    assertTrue(t.id().startsWith("t_"));
    assertEquals(List.of(new TaskChange(t, TaskChange.Kind.CREATED, "created", 250)), heard);
    assertEquals(1, index.size());
  }

  /**
   * A task another instance opened on the shared store: the index holds it (so the same finding
   * raised here opens nothing), only listeners that ask for changes made elsewhere hear of it, and
   * an older read never moves the entry back.
   */
  @Test
  void aChangeMadeElsewhereEntersTheIndexAndReachesOnlyTheListenersThatAskForIt() {
    List<TaskChange> elsewhere = new CopyOnWriteArrayList<>();
    service.addListener(new TaskListener() {
      @Override
      public void changed(TaskChange change) {}

      @Override
      public void changedElsewhere(TaskChange change) {
        elsewhere.add(change);
      }
    });
    Task peer = Task.open("t_peer", TaskFinding.of(FINDING), TaskSale.of(FINDING), Severity.WARNING, 1_100);
    service.peerChanged(TaskChange.stored(peer, TaskChange.Kind.CREATED, TaskHistoryEntry.SYSTEM, null));
    assertEquals(List.of(), heard, "local-only listeners (metrics, log, webhooks) ignore it");
    assertEquals(List.of(TaskChange.Kind.CREATED), elsewhere.stream().map(TaskChange::kind).toList());
    assertEquals(1, index.size());

    service.raised(FINDING);
    assertEquals(0, repository.inserts(), "the same finding raised here opens nothing: the other instance has it");

    Task acked = peer.acknowledge("alice", 1_200).to();
    service.peerChanged(TaskChange.stored(acked, TaskChange.Kind.ACKNOWLEDGED, "alice", null));
    service.peerChanged(TaskChange.stored(peer, TaskChange.Kind.CREATED, TaskHistoryEntry.SYSTEM, null)); // a late, older read
    assertEquals(TaskState.ACKNOWLEDGED, index.oldest(k -> true).orElseThrow().state());
    assertEquals("acknowledged by alice", elsewhere.get(1).text());

    Task resolved = acked.resolve(Resolution.FALSE_ALARM, "bob", null, 1_300).to();
    service.peerChanged(TaskChange.stored(resolved, TaskChange.Kind.RESOLVED, "bob", null));
    assertEquals(0, index.size());
  }

  /** On a shared store another instance may open the finding's task a moment before this one: a clear here still closes it. */
  @Test
  void aFindingWhoseTaskAnotherInstanceJustOpenedIsStillAutoResolvedHere() {
    Task peer = Task.open("t_peer", TaskFinding.of(FINDING), TaskSale.of(FINDING), Severity.WARNING, 1_100);
    repository.insertIfAbsent(peer).join(); // committed by the other instance; the change feed has not told us yet
    service.raised(FINDING);
    assertEquals(List.of(), heard, "nothing opened here");
    assertEquals(1, index.size());
    service.cleared(KEY, 1_300, "PRINTED arrived");
    assertEquals(TaskState.RESOLVED, repository.find("t_peer").orElseThrow().state());
    assertEquals(Resolution.AUTO_RESOLVED, repository.find("t_peer").orElseThrow().resolution().how());
    assertEquals(0, index.size());
  }

  @Test
  void anAcknowledgedTaskNoLongerCountsAsOverdue() {
    service.raised(FINDING); // warning: due an hour after detection
    long late = 1_250 + 3_600_000;
    assertEquals(1, index.summary(late, 0).overdue(Severity.WARNING));
    service.acknowledge(onlyId(), "alice").join();
    assertEquals(0, index.summary(late + 1, 0).overdue(Severity.WARNING));
    assertEquals(1, index.size(), "still unresolved");
  }

  @Test
  void aRepeatedRaiseIsDeduplicatedWhilePendingAndAfterTheCommit() {
    repository.hold();
    service.raised(FINDING);
    service.raised(FINDING); // insert still pending: the index has claimed the key
    repository.release();
    service.raised(FINDING); // committed: the index knows the task
    assertEquals(1, repository.inserts());
    assertEquals(List.of(TaskChange.Kind.CREATED), heardKinds());
  }

  @Test
  void aFindingWhoseTaskWasResolvedIsNeverReopened() {
    service.raised(FINDING);
    service.resolve(onlyId(), Resolution.NO_CHARGE, "alice", null).join();
    service.raised(FINDING); // e.g. raised again by recovery after a restart
    assertEquals(2, repository.inserts());
    assertEquals(TaskState.RESOLVED, theTask().state());
    assertEquals(0, index.size());
    assertEquals(List.of(TaskChange.Kind.CREATED, TaskChange.Kind.RESOLVED), heardKinds());
  }

  @Test
  void aClearedFindingAutoResolvesItsTask() {
    service.raised(FINDING);
    clock.set(2_000);
    service.cleared(KEY, 1_999, "PRINTED arrived");
    Task t = theTask();
    assertEquals(TaskState.RESOLVED, t.state());
    assertEquals(new TaskResolution(Resolution.AUTO_RESOLVED, "tillwatch", "PRINTED arrived", 2_000), t.resolution());
    assertEquals(List.of(TaskChange.Kind.CREATED, TaskChange.Kind.AUTO_RESOLVED), heardKinds());
    assertEquals("auto-resolved", heard.get(1).text());
    assertEquals(List.of("created", "auto-resolved"), history());
    assertEquals(0, index.size());
  }

  @Test
  void aClearRightAfterTheRaiseFindsTheTaskWhoseInsertIsStillPending() {
    repository.hold();
    service.raised(FINDING);
    service.cleared(KEY, 1_001, "PRINTED arrived");
    repository.release();
    assertEquals(TaskState.RESOLVED, theTask().state());
    assertEquals(List.of(TaskChange.Kind.CREATED, TaskChange.Kind.AUTO_RESOLVED), heardKinds());
  }

  @Test
  void aClearWithoutATaskDoesNothing() {
    service.cleared(KEY, 1_001, "PRINTED arrived");
    service.severityChanged(KEY, Severity.CRITICAL, 1_001);
    assertEquals(List.of(), heard);
    assertEquals(List.of(), repository.unresolved());
  }

  @Test
  void anOperatorResolvingFirstBeatsTheLateEvent() {
    service.raised(FINDING);
    repository.hold(); // both load the open task before either writes
    CompletableFuture<Task> operator = service.resolve(onlyId(), Resolution.FOUND_IN_BACKOFFICE, "alice", "found it");
    CompletableFuture<Optional<Task>> late = service.autoResolve(KEY.asString(), "AUTHORIZED arrived");
    repository.release();
    assertEquals(Resolution.FOUND_IN_BACKOFFICE, operator.join().resolution().how());
    assertEquals(Optional.empty(), late.join());
    assertEquals(List.of("created", "resolved"), history());
    assertEquals(List.of(TaskChange.Kind.CREATED, TaskChange.Kind.RESOLVED), heardKinds());
    assertEquals("resolved FOUND_IN_BACKOFFICE by alice", heard.get(1).text());
  }

  @Test
  void theLateEventAutoResolvingFirstMakesTheOperatorConflict() {
    service.raised(FINDING);
    repository.hold();
    CompletableFuture<Optional<Task>> late = service.autoResolve(KEY.asString(), "AUTHORIZED arrived");
    CompletableFuture<Task> operator = service.resolve(onlyId(), Resolution.FOUND_IN_BACKOFFICE, "alice", "found it");
    repository.release();
    assertTrue(late.join().isPresent());
    TaskConflictException conflict = assertInstanceOf(TaskConflictException.class, failure(operator));
    assertEquals("task " + onlyId() + " is already resolved", conflict.getMessage());
    assertEquals(Resolution.AUTO_RESOLVED, conflict.current().resolution().how());
    assertEquals(List.of("created", "auto-resolved"), history());
    assertEquals(List.of(TaskChange.Kind.CREATED, TaskChange.Kind.AUTO_RESOLVED), heardKinds());
  }

  @Test
  void aSeverityChangeLosingToAnAcknowledgementIsDecidedAgainAndStillApplies() {
    service.raised(FINDING);
    repository.hold();
    CompletableFuture<Task> ack = service.acknowledge(onlyId(), "alice");
    service.severityChanged(KEY, Severity.CRITICAL, 2_000);
    repository.release();
    assertEquals(TaskState.ACKNOWLEDGED, ack.join().state());
    Task t = theTask();
    assertEquals(TaskState.ACKNOWLEDGED, t.state());
    assertEquals(Severity.CRITICAL, t.severity());
    assertEquals(List.of("created", "acknowledged", "severity-changed"), history());
    assertEquals(List.of("created", "acknowledged by alice", "severity critical"),
        heard.stream().map(TaskChange::text).toList());
  }

  @Test
  void theSameSeverityIsNeitherStoredNorTold() {
    service.raised(FINDING);
    service.severityChanged(KEY, Severity.WARNING, 2_000);
    assertEquals(List.of("created"), history());
    assertEquals(List.of(TaskChange.Kind.CREATED), heardKinds());
  }

  @Test
  void aSecondAcknowledgementWritesNothingButListenersHearOfIt() {
    service.raised(FINDING);
    service.acknowledge(onlyId(), "alice").join();
    service.acknowledge(onlyId(), "bob").join();
    assertEquals(List.of("created", "acknowledged"), history());
    assertEquals(List.of("created", "acknowledged by alice", "acknowledged by bob"),
        heard.stream().map(TaskChange::text).toList());
  }

  @Test
  void operatorsAreRefusedWhatTheTaskDoesNotAllow() {
    assertInstanceOf(TaskNotFoundException.class, failure(service.acknowledge("t_nope", "alice")));
    assertInstanceOf(TaskNotFoundException.class, failure(service.resolve("t_nope", Resolution.REFUNDED, "alice", null)));
    IllegalArgumentException auto = assertInstanceOf(IllegalArgumentException.class,
        failure(service.resolve("t_nope", Resolution.AUTO_RESOLVED, "alice", null)));
    assertEquals("AUTO_RESOLVED is set by TillWatch, not by operators", auto.getMessage());
    assertEquals(List.of(), heard);
  }

  @Test
  void aFailingListenerDoesNotSilenceTheOthers() {
    List<TaskChange> after = new ArrayList<>();
    service.addListener(c -> {
      throw new IllegalStateException("listener broke (test)");
    });
    service.addListener(after::add);
    service.raised(FINDING);
    Task acked = service.acknowledge(onlyId(), "alice").join(); // the operator's answer is not spoiled either
    assertEquals(TaskState.ACKNOWLEDGED, acked.state());
    assertEquals(List.of(TaskChange.Kind.CREATED, TaskChange.Kind.ACKNOWLEDGED), heardKinds());
    assertEquals(heard, after);
  }

  @Test
  void aFailedInsertIsRetried() {
    repository.failNextInserts(1);
    service.raised(FINDING);
    assertEquals(List.of(), repository.unresolved());
    assertEquals(List.of(), heard);
    assertEquals(0, index.size());
    service.retryFailed();
    assertEquals(2, repository.inserts());
    assertEquals(List.of(TaskChange.Kind.CREATED), heardKinds());
    assertEquals(1, index.size());
    service.retryFailed(); // nothing left to retry
    assertEquals(2, repository.inserts());
  }

  @Test
  void aTaskThatKeepsChangingGivesUpWithAConflict() {
    service.raised(FINDING);
    TaskRepository alwaysLoses = (TaskRepository) Proxy.newProxyInstance(TaskRepository.class.getClassLoader(),
        new Class<?>[] {TaskRepository.class}, (proxy, method, args) -> {
          if (method.getName().equals("compareAndSet")) {
            return CompletableFuture.completedFuture(false);
          }
          try {
            return method.invoke(repository, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    TaskService busy = new TaskService(alwaysLoses, (m, t, txn) -> List.of(), new TaskIndex(), clock);
    TaskConflictException e = assertInstanceOf(TaskConflictException.class, failure(busy.acknowledge(onlyId(), "alice")));
    assertEquals("task " + onlyId() + " kept changing; try again", e.getMessage());
    assertEquals(TaskState.OPEN, theTask().state());
  }

  @Test
  void theTimelineIsThatOfTheTasksSaleAndTerminalTasksHaveNone() {
    timeline.add(new StoredEvent(1_001, new TxnEvent("m001", "t0001", "s1", 1, EventType.STARTED, 1_000, 12_850, "CNY",
        null, null, null, null, null)));
    service.raised(FINDING);
    assertEquals(timeline, service.timeline(theTask()));
    assertEquals(List.of("m001/t0001/s1"), timelinesAsked);
    Task silent = Task.open("t_s", new TaskFinding(new FindingKey(FindingKind.TERMINAL_SILENT, "m001", "t0001",
        "silent@5"), null, "act", 10), TaskSale.NONE, Severity.WARNING, 20);
    assertEquals(List.of(), service.timeline(silent));
    assertEquals(1, timelinesAsked.size(), "no sale, nothing to look up");
  }
}
