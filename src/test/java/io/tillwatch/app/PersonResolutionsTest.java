package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskFinding;
import io.tillwatch.tasks.TaskSale;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only a person's resolution of a terminal-level task reaches the engines: that is what lets a kept terminal go. */
class PersonResolutionsTest {
  private final List<FindingKey> told = new ArrayList<>();
  private final PersonResolutions listener = new PersonResolutions(told::add);

  private static Task task(FindingKind kind, String subject) {
    Finding f = new Finding(new FindingKey(kind, "m1", "t1", subject), Severity.WARNING, null, -1, null, null, null, 1, 1,
        null, "why");
    return Task.open("task-1", TaskFinding.of(f), TaskSale.of(f), Severity.WARNING, 1);
  }

  @Test
  void terminalLevelTasksResolvedByAPersonHereOrElsewhereAreTold() {
    Task silent = task(FindingKind.TERMINAL_SILENT, "silent@1");
    Task gap = task(FindingKind.TELEMETRY_GAP, "seq:2-2");
    listener.changed(new TaskChange(silent, TaskChange.Kind.RESOLVED, "resolved", -1));
    listener.changedElsewhere(new TaskChange(gap, TaskChange.Kind.RESOLVED, "resolved", -1));
    assertEquals(List.of(silent.key(), gap.key()), told);
  }

  @Test
  void otherChangesAndOtherKindsAreNot() {
    listener.changed(new TaskChange(task(FindingKind.TERMINAL_SILENT, "silent@1"), TaskChange.Kind.AUTO_RESOLVED, "x", -1));
    listener.changed(new TaskChange(task(FindingKind.UPLOAD_BACKLOG, "backlog@1"), TaskChange.Kind.ACKNOWLEDGED, "x", -1));
    listener.changed(new TaskChange(task(FindingKind.UNCONFIRMED_SALE, "a"), TaskChange.Kind.RESOLVED, "x", -1));
    listener.changed(new TaskChange(task(FindingKind.SETTLED_NOT_SEEN, "o1"), TaskChange.Kind.RESOLVED, "x", -1));
    assertEquals(List.of(), told);
  }
}
