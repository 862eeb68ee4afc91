package io.tillwatch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.Severity;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link TaskRepository} must do for the task service: the SQLite adapter and the
 * in-memory one used by the service's tests both run these, so the fake cannot drift from the
 * real thing.
 */
public abstract class TaskRepositoryContract {
  /** A fresh, empty repository for each test. */
  protected abstract TaskRepository repository();

  protected static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private Task stored(String id) {
    return join(repository().load(id)).orElseThrow();
  }

  @Test
  void insertIfAbsentKeepsTheFirstTaskOfAFinding() {
    Task first = TaskSamples.saleTask("t_1", "s1", 1_000);
    assertEquals(Optional.of(first), join(repository().insertIfAbsent(first)));
    assertEquals(Optional.empty(), join(repository().insertIfAbsent(TaskSamples.saleTask("t_2", "s1", 2_000))));
    assertEquals(Optional.of(first), join(repository().loadByKey(first.dedupeKey())));
    assertEquals(Optional.empty(), join(repository().load("t_2")));
    assertEquals(List.of(new TaskHistoryEntry(1_000, "created", TaskState.OPEN, "critical", "tillwatch", null)),
        repository().history("t_1"));
  }

  @Test
  void aLoadSeesTheWritesSubmittedBeforeIt() {
    Task t = TaskSamples.saleTask("t_1", "s1", 1_000);
    CompletableFuture<Optional<Task>> insert = repository().insertIfAbsent(t);
    CompletableFuture<Optional<Task>> load = repository().loadByKey(t.dedupeKey());
    assertEquals(Optional.of(t), join(load));
    join(insert);
  }

  @Test
  void compareAndSetStoresTheStepWithItsHistoryEntry() {
    Task t = TaskSamples.saleTask("t_1", "s1", 1_000);
    join(repository().insertIfAbsent(t));
    TaskTransition ack = stored("t_1").acknowledge("alice", 2_000);
    assertTrue(join(repository().compareAndSet(ack)));
    TaskTransition resolve = stored("t_1").resolve(Resolution.REPRINTED, "bob", "slip reprinted", 3_000);
    assertTrue(join(repository().compareAndSet(resolve)));
    assertEquals(resolve.to(), stored("t_1"));
    assertEquals(Optional.of(resolve.to()), repository().find("t_1"));
    assertEquals(List.of(
        new TaskHistoryEntry(1_000, "created", TaskState.OPEN, "critical", "tillwatch", null),
        new TaskHistoryEntry(2_000, "acknowledged", TaskState.ACKNOWLEDGED, "critical", "alice", null),
        new TaskHistoryEntry(3_000, "resolved", TaskState.RESOLVED, "critical", "bob", "slip reprinted")),
        repository().history("t_1"));
    assertEquals(List.of(), repository().unresolved());
  }

  @Test
  void compareAndSetWritesNothingWhenTheStateChangedSinceTheLoad() {
    join(repository().insertIfAbsent(TaskSamples.saleTask("t_1", "s1", 1_000)));
    Task loaded = stored("t_1");
    TaskTransition auto = loaded.autoResolve("PRINTED arrived", 2_000);
    TaskTransition operator = loaded.resolve(Resolution.FALSE_ALARM, "alice", null, 2_001);
    assertTrue(join(repository().compareAndSet(auto)));
    assertFalse(join(repository().compareAndSet(operator)));
    assertEquals(auto.to(), stored("t_1"));
    assertEquals(List.of("created", "auto-resolved"),
        repository().history("t_1").stream().map(TaskHistoryEntry::change).toList());
  }

  @Test
  void compareAndSetWritesNothingWhenTheSeverityChangedSinceTheLoad() {
    join(repository().insertIfAbsent(TaskSamples.saleTask("t_1", "s1", 1_000)));
    Task loaded = stored("t_1");
    assertTrue(join(repository().compareAndSet(loaded.withSeverity(Severity.WARNING, 2_000))));
    assertFalse(join(repository().compareAndSet(loaded.acknowledge("alice", 2_001))));
    assertEquals(TaskState.OPEN, stored("t_1").state());
    assertEquals(Severity.WARNING, stored("t_1").severity());
    TaskHistoryEntry last = repository().history("t_1").get(1);
    assertEquals(new TaskHistoryEntry(2_000, "severity-changed", TaskState.OPEN, "warning", "tillwatch",
        "critical -> warning"), last);
  }

  @Test
  void aFollowUpStepIsStoredWholeAndAConcurrentOneLoses() {
    join(repository().insertIfAbsent(TaskSamples.saleTask("t_1", "s1", 1_000)));
    Task loaded = stored("t_1");
    FollowUp answered = FollowUp.NONE.withState(FollowUp.State.CHECKING)
        .answered(FollowUp.State.ANSWERED, "wechat-main", "CHARGED", "4200001", 2_000, 2, -1)
        .withNextStep(NextStep.DO_NOT_COLLECT_REPRINT, "Charged: do NOT collect again.")
        .withCommand("cmd-1");
    TaskTransition step = loaded.followUp(answered, "wechat-main: CHARGED, 4200001", 2_000);
    assertTrue(join(repository().compareAndSet(step)));
    // Same state and severity, but an older revision: a follow-up step racing with this one loses.
    assertFalse(join(repository().compareAndSet(loaded.followUp(FollowUp.NONE.withState(FollowUp.State.GAVE_UP), "x", 2_001))));
    Task now = stored("t_1");
    assertEquals(step.to(), now);
    assertEquals(1, now.revision());
    assertEquals("Charged: do NOT collect again.", now.action());
    assertEquals(Optional.of(now), repository().find("t_1"));
    assertEquals(new TaskHistoryEntry(2_000, "followed-up", TaskState.OPEN, "critical", "tillwatch",
        "wechat-main: CHARGED, 4200001"), repository().history("t_1").get(1));
  }

  @Test
  void compareAndSetOfAnUnknownTaskWritesNothing() {
    TaskTransition ghost = TaskSamples.saleTask("t_ghost", "s1", 1_000).acknowledge("alice", 2_000);
    assertFalse(join(repository().compareAndSet(ghost)));
    assertEquals(Optional.empty(), repository().find("t_ghost"));
    assertEquals(List.of(), repository().history("t_ghost"));
  }

  @Test
  void unresolvedListsOpenAndAcknowledgedTasks() {
    join(repository().insertIfAbsent(TaskSamples.saleTask("a", "s1", 1)));
    join(repository().insertIfAbsent(TaskSamples.saleTask("b", "s2", 2)));
    join(repository().insertIfAbsent(TaskSamples.saleTask("c", "s3", 3)));
    assertTrue(join(repository().compareAndSet(stored("b").acknowledge("x", 5))));
    assertTrue(join(repository().compareAndSet(stored("c").resolve(Resolution.NO_CHARGE, "x", null, 5))));
    assertEquals(List.of("a", "b"), repository().unresolved().stream().map(Task::id).toList());
  }
}
