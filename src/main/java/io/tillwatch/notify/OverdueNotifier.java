package io.tillwatch.notify;

import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskState;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The periodic overdue scan: reads the task index (no query), lets {@link OverdueWatch} pick the
 * money tasks that just became overdue, loads each (one read per task, once) and hands it on if it
 * is still OPEN. Blocking (the loads): run it off the event loop, one scan at a time.
 */
public final class OverdueNotifier {
  private final TaskIndex index;
  private final Function<String, Optional<Task>> load;
  private final Consumer<Notification> sink;
  private final Clock clock;
  private final OverdueWatch watch;
  private final BiPredicate<String, String> watches;

  /** An instance that watches every terminal. */
  public OverdueNotifier(TaskIndex index, Function<String, Optional<Task>> load, Consumer<Notification> sink, Clock clock) {
    this(index, load, sink, clock, (merchant, terminal) -> true);
  }

  /**
   * @param sink    where notifications go: the dispatcher's {@code offer}
   * @param watches the terminals (merchant, terminal) this instance watches: with a store shared by
   *                instances that split the fleet, every instance sees every overdue task, and only
   *                the one watching its terminal sends the message, so the shop gets it once
   */
  public OverdueNotifier(TaskIndex index, Function<String, Optional<Task>> load, Consumer<Notification> sink, Clock clock,
      BiPredicate<String, String> watches) {
    this.watches = watches;
    this.index = index;
    this.load = load;
    this.sink = sink;
    this.clock = clock;
    this.watch = new OverdueWatch(clock.millis());
  }

  /** One scan; returns how many tasks were offered. */
  public synchronized int scanOnce() {
    long now = clock.millis();
    AckDeadlines deadlines = index.ackDeadlines();
    List<String> ids = watch.scan(index.overdue(now), e -> deadlines.ackDueAtMs(e.state(), e.severity(), e.detectedAtMs()));
    int offered = 0;
    for (String id : ids) {
      Optional<Task> task = load.apply(id)
          .filter(t -> t.state() == TaskState.OPEN && watches.test(t.key().merchant(), t.key().terminal()));
      if (task.isPresent()) {
        sink.accept(new Notification(NotifyEvent.OVERDUE, task.get(), deadlines.ackDueAtMs(task.get())));
        offered++;
      }
    }
    return offered;
  }
}
