package io.tillwatch.notify;

import io.tillwatch.tasks.Task;

/**
 * One task to tell its merchant about.
 *
 * @param ackDueAtMs when the task was (or is) due to be acknowledged; -1 when it has no deadline
 */
public record Notification(NotifyEvent event, Task task, long ackDueAtMs) {
  public String merchant() {
    return task.key().merchant();
  }
}
