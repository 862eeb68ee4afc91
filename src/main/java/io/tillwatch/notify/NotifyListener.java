package io.tillwatch.notify;

import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;

/** Hands each new money task to the dispatcher; runs on the store's writer thread, so it only enqueues. */
public final class NotifyListener implements TaskListener {
  private final WebhookDispatcher dispatcher;
  private final AckDeadlines deadlines;

  public NotifyListener(WebhookDispatcher dispatcher, AckDeadlines deadlines) {
    this.dispatcher = dispatcher;
    this.deadlines = deadlines;
  }

  @Override
  public void changed(TaskChange change) {
    if (change.kind() == TaskChange.Kind.CREATED && Notified.kind(change.task().kind())) {
      dispatcher.offer(new Notification(NotifyEvent.CREATED, change.task(), deadlines.ackDueAtMs(change.task())));
    }
  }
}
