package io.tillwatch.metrics;

import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;

/** Counts tasks opened (with their detection lag) and resolved; open-task gauges read the task index instead. */
public final class TaskMetrics implements TaskListener {
  private final TillWatchMetrics metrics;

  public TaskMetrics(TillWatchMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void changed(TaskChange change) {
    Task t = change.task();
    switch (change.kind()) {
      case CREATED -> {
        metrics.findingOpened(t.kind(), t.severity());
        metrics.detectionLag(t.kind(), change.detectionLagMs());
      }
      case RESOLVED, AUTO_RESOLVED -> metrics.taskResolved(t.kind(), t.resolution().how());
      default -> {
        // acknowledgements and severity changes are not counted
      }
    }
  }
}
