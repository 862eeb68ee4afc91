package io.tillwatch.app;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;
import java.util.function.Consumer;

/**
 * Tells the engines here when a person resolved the task of a terminal-level finding (silence,
 * upload backlog, telemetry gap), on this instance or on another sharing the store. Such an open
 * finding keeps its terminal remembered past {@code detect.terminal-forget}; a person resolving
 * it is what lets a decommissioned terminal go. Engines ignore terminals they do not hold, and a
 * repeat of the same change, so every change may go to all of them.
 */
final class PersonResolutions implements TaskListener {
  private final Consumer<FindingKey> engines;

  PersonResolutions(Consumer<FindingKey> engines) {
    this.engines = engines;
  }

  @Override
  public void changed(TaskChange change) {
    FindingKind kind = change.task().kind();
    if (change.kind() == TaskChange.Kind.RESOLVED && !kind.perSale() && kind.fromTelemetry()) {
      engines.accept(change.task().key());
    }
  }

  @Override
  public void changedElsewhere(TaskChange change) {
    changed(change);
  }
}
