package io.tillwatch.app;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;
import io.tillwatch.tasks.TaskService;
import java.util.function.Consumer;

/**
 * Tells the engines here when the task of a terminal-level finding (silence, upload backlog,
 * telemetry gap) is resolved by a person, on this instance or on another sharing the store, or
 * when an engine raised such a finding again on a task resolved before (after a restart). An open
 * finding of these kinds keeps its terminal remembered past {@code detect.terminal-forget}; the
 * person's decision is what lets a decommissioned terminal go, and must outlive a restart. Engines
 * ignore terminals they do not hold and findings they do not hold open, so a repeat is harmless.
 */
final class ResolvedTerminalTasks implements TaskListener {
  private final Consumer<FindingKey> engines;

  ResolvedTerminalTasks(Consumer<FindingKey> engines) {
    this.engines = engines;
  }

  /** Registers both ways in which the engines hear of a resolved terminal-level task. */
  static void wire(TaskService tasks, Consumer<FindingKey> engines) {
    ResolvedTerminalTasks resolved = new ResolvedTerminalTasks(engines);
    tasks.addListener(resolved);
    tasks.whenRaisedOnResolved(resolved::raisedOnResolved);
  }

  @Override
  public void changed(TaskChange change) {
    if (change.kind() == TaskChange.Kind.RESOLVED) {
      tell(change.task());
    }
  }

  @Override
  public void changedElsewhere(TaskChange change) {
    changed(change);
  }

  /** However it was resolved: a finding auto-resolved before is no more open than one a person resolved. */
  void raisedOnResolved(Task task) {
    tell(task);
  }

  private void tell(Task task) {
    FindingKind kind = task.kind();
    if (!kind.perSale() && kind.fromTelemetry()) {
      engines.accept(task.key());
    }
  }
}
