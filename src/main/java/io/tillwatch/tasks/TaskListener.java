package io.tillwatch.tasks;

/**
 * Told about every committed task change (created, acknowledged, resolved, severity changed), in
 * commit order. The ingest publishes these on {@code ops/v1/tasks/{merchant}}; the log prints one
 * line each. Called on the store's writer thread: implementations must not block.
 */
@FunctionalInterface
public interface TaskListener {
  void changed(Task task, String change);
}
