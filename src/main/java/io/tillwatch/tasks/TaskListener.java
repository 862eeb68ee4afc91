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

  /**
   * A change that ANOTHER instance committed on the shared store, as read back from it (the task as
   * stored then, which may already include later changes). Called on the store's change-feed thread,
   * at least once per change and possibly again after a reconnect: must not block, and must treat a
   * repeat as harmless. Ignored by default: counters, the log, webhooks and the back-office follow-up
   * belong to the instance that made the change, which already did them; only what shows the task
   * list to people here (the live stream, the ops topic of this instance's own endpoint) repeats it.
   */
  default void changedElsewhere(TaskChange change) {}
}
