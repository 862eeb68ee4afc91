package io.tillwatch.tasks;

/**
 * Told about every committed task change, in commit order; registered with
 * {@link TaskService#addListener} when TillWatch is wired (metrics, the log, the ops topic).
 * Called on the store's writer thread: implementations must not block. One that throws is logged
 * and does not keep the others from hearing of the change.
 */
@FunctionalInterface
public interface TaskListener {
  void changed(TaskChange change);
}
