package io.tillwatch.notify;

import io.tillwatch.tasks.TaskIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, scan by scan, which tasks have just become overdue, so each is notified once.
 *
 * <p>Pure: the scan's time and the index's overdue entries are inputs. A task is reported the
 * first scan it is overdue and remembered while it stays overdue; once it is acknowledged or
 * resolved it drops out of the overdue entries and is forgotten, so memory follows the overdue
 * tasks. Tasks that were already overdue before {@code sinceMs} (the process's start) are not
 * reported: a restart would otherwise repeat every overdue message the shop already had. The price
 * is that a task that became overdue while TillWatch was down is not notified (the console and
 * TillWatchTasksOverdue still show it).
 */
public final class OverdueWatch {
  private final long sinceMs;
  private final Set<String> reported = new HashSet<>();

  public OverdueWatch(long sinceMs) {
    this.sinceMs = sinceMs;
  }

  /**
   * @param overdue the index's overdue entries at {@code nowMs} ({@link TaskIndex#overdue})
   * @param dueAtMs when each entry became overdue
   * @return the ids of the money tasks to notify now, each once
   */
  public List<String> scan(Collection<TaskIndex.Entry> overdue, java.util.function.ToLongFunction<TaskIndex.Entry> dueAtMs) {
    Set<String> still = new HashSet<>();
    List<String> fresh = new ArrayList<>();
    for (TaskIndex.Entry e : overdue) {
      if (!Notified.kind(e.kind())) {
        continue;
      }
      still.add(e.id());
      if (!reported.contains(e.id())) {
        reported.add(e.id());
        if (dueAtMs.applyAsLong(e) >= sinceMs) {
          fresh.add(e.id());
        }
      }
    }
    reported.retainAll(still);
    return fresh;
  }

  int remembered() {
    return reported.size();
  }
}
