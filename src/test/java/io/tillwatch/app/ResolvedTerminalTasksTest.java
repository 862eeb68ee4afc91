package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskFinding;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskSale;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The engines hear of a resolved terminal-level task (what lets a kept terminal go): when a person
 * resolves it, here or elsewhere, and when an engine raises it again on a task resolved before (after
 * a restart). Nothing else reaches them.
 */
class ResolvedTerminalTasksTest {
  private final List<FindingKey> told = new CopyOnWriteArrayList<>();
  private final InMemoryTaskRepository repository = new InMemoryTaskRepository();
  private final TaskService tasks = new TaskService(repository, (m, t, txn) -> List.of(), new TaskIndex(),
      new TestClock(1_000));

  private static Finding finding(FindingKind kind, String subject) {
    return new Finding(new FindingKey(kind, "m1", "t1", subject), Severity.WARNING, null, -1, null, null, null, 1, 1,
        null, "why");
  }

  private static Task task(FindingKind kind, String subject) {
    Finding f = finding(kind, subject);
    return Task.open("task-1", TaskFinding.of(f), TaskSale.of(f), Severity.WARNING, 1);
  }

  @Test
  void aPersonResolvingASilenceTaskAndItsRaiseAfterARestartAreBothTold() throws Exception {
    ResolvedTerminalTasks.wire(tasks, told::add);
    Finding silent = finding(FindingKind.TERMINAL_SILENT, "silent@1");
    tasks.raise(silent).get();
    String id = repository.unresolved().get(0).id();
    tasks.resolve(id, Resolution.FALSE_ALARM, "alice", "decommissioned").get();
    assertEquals(List.of(silent.key()), told);

    told.clear();
    tasks.raise(silent).get(); // a restarted engine cannot know: the store tells it
    assertEquals(List.of(silent.key()), told);
    assertEquals(List.of(), repository.unresolved(), "never reopened");
  }

  @Test
  void onlyResolutionsOfTerminalLevelTasksAreTold() {
    ResolvedTerminalTasks listener = new ResolvedTerminalTasks(told::add);
    Task gap = task(FindingKind.TELEMETRY_GAP, "seq:2-2");
    listener.changedElsewhere(new TaskChange(gap, TaskChange.Kind.RESOLVED, "resolved", -1));
    listener.changed(new TaskChange(task(FindingKind.TERMINAL_SILENT, "silent@1"), TaskChange.Kind.AUTO_RESOLVED, "x", -1));
    listener.changed(new TaskChange(task(FindingKind.UPLOAD_BACKLOG, "backlog@1"), TaskChange.Kind.ACKNOWLEDGED, "x", -1));
    listener.changed(new TaskChange(task(FindingKind.UNCONFIRMED_SALE, "a"), TaskChange.Kind.RESOLVED, "x", -1));
    listener.changed(new TaskChange(task(FindingKind.SETTLED_NOT_SEEN, "o1"), TaskChange.Kind.RESOLVED, "x", -1));
    listener.raisedOnResolved(task(FindingKind.UNPRINTED_RECEIPT, "b"));
    assertEquals(List.of(gap.key()), told);
  }
}
