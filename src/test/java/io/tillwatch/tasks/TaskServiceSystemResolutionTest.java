package io.tillwatch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TillWatch resolving a task itself with a definite resolution (the settlement bill's evidence). */
class TaskServiceSystemResolutionTest {
  private static final FindingKey KEY = new FindingKey(FindingKind.UNCONFIRMED_SALE, "m001", "t0001", "s1");
  private static final Finding FINDING = new Finding(KEY, Severity.CRITICAL, "s1", 12_850, "CNY", null, null, 1_000,
      1_001, null, "STARTED, no outcome");

  private final InMemoryTaskRepository repository = new InMemoryTaskRepository();
  private final List<TaskChange> heard = new CopyOnWriteArrayList<>();
  private final TaskIndex index = new TaskIndex();
  private TaskService service;

  @BeforeEach
  void wire() {
    service = new TaskService(repository, (m, t, txn) -> List.of(), index, new TestClock(2_000));
    service.addListener(heard::add);
    service.raised(FINDING);
  }

  private String id() {
    return heard.get(0).task().id();
  }

  @Test
  void resolvesAsTillWatchWithTheEvidenceAndLeavesTheIndex() throws Exception {
    Task t = service.settle(id(), Resolution.FOUND_IN_BACKOFFICE, "bill line 7").get().orElseThrow();
    assertEquals(TaskState.RESOLVED, t.state());
    assertEquals(new TaskResolution(Resolution.FOUND_IN_BACKOFFICE, TaskHistoryEntry.SYSTEM, "bill line 7", 2_000),
        t.resolution());
    assertTrue(!index.contains(KEY.asString()));
    assertEquals(TaskChange.Kind.AUTO_RESOLVED, heard.get(1).kind());
    TaskHistoryEntry last = repository.history(id()).get(1);
    assertEquals(TaskHistoryEntry.SYSTEM, last.by());
    assertEquals("bill line 7", last.note());
  }

  @Test
  void aTaskResolvedFirstIsLeftAsItIsAndNothingIsTold() throws Exception {
    service.resolve(id(), Resolution.COLLECTED_AGAIN, "alice", null).get();
    assertTrue(service.settle(id(), Resolution.FOUND_IN_BACKOFFICE, "bill").get().isEmpty());
    assertEquals(Resolution.COLLECTED_AGAIN, repository.find(id()).orElseThrow().resolution().how());
    assertEquals(2, heard.size());
    assertTrue(service.settle("t_unknown", Resolution.FOUND_IN_BACKOFFICE, "bill").get().isEmpty());
  }

  @Test
  void autoResolvedIsNotADefiniteResolution() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> service.settle(id(), Resolution.AUTO_RESOLVED, "bill").get());
    assertInstanceOf(IllegalArgumentException.class, e.getCause());
  }
}
