package io.tillwatch.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.Keys;
import io.tillwatch.engine.Severity;
import io.tillwatch.metrics.NotifyMetrics;
import io.tillwatch.notify.NotifyFile;
import io.tillwatch.notify.NotifyListener;
import io.tillwatch.notify.NotifySettings;
import io.tillwatch.notify.OverdueNotifier;
import io.tillwatch.notify.WebhookDispatcher;
import io.tillwatch.runtime.TerminalOwnership;
import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.TaskService;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhooks as the daemon runs them: the targets of {@code notify.file}, the dispatcher, the task
 * listener for new money tasks and the periodic overdue scan. The meters are registered with or
 * without a file (at 0), so the metric catalog does not depend on configuration.
 */
final class DaemonNotify implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonNotify.class);
  /** A task is notified at most a scan after its deadline: a tenth of the shortest limit, 1 to 15 seconds. */
  static long scanMs(AckDeadlines deadlines) {
    long shortest = Long.MAX_VALUE;
    for (Severity s : Severity.values()) {
      shortest = Math.min(shortest, deadlines.limit(s).toMillis());
    }
    return Math.max(1_000, Math.min(15_000, shortest / 10));
  }

  private final Vertx vertx;
  private final WebhookDispatcher dispatcher;
  private long timer = -1;

  private DaemonNotify(Vertx vertx, WebhookDispatcher dispatcher) {
    this.vertx = vertx;
    this.dispatcher = dispatcher;
  }

  /** Reads the file (a bad one stops start-up), registers the meters and the task listener, starts the scan. */
  static DaemonNotify start(Config config, Vertx vertx, Clock clock, TaskService tasks, MeterRegistry registry,
      TerminalOwnership ownership) {
    AtomicReference<WebhookDispatcher> ref = new AtomicReference<>();
    NotifyMetrics metrics = new NotifyMetrics(registry, () -> ref.get() == null ? 0 : ref.get().depth());
    String file = config.get(Keys.NOTIFY_FILE);
    NotifySettings settings = file.isEmpty() ? NotifySettings.NONE : NotifyFile.load(Path.of(file));
    if (settings.targetCount() == 0) {
      LOG.info("webhook notifications: none configured (notify.file)");
      return new DaemonNotify(vertx, null);
    }
    WebhookDispatcher dispatcher = new WebhookDispatcher(vertx, settings, clock, metrics);
    ref.set(dispatcher);
    tasks.addListener(new NotifyListener(dispatcher, tasks.index().ackDeadlines()));
    DaemonNotify notify = new DaemonNotify(vertx, dispatcher);
    OverdueNotifier overdue = new OverdueNotifier(tasks.index(), tasks::find, dispatcher::offer, clock,
        ownership::owns);
    long every = scanMs(tasks.index().ackDeadlines());
    notify.timer = vertx.setPeriodic(every, every, id -> vertx.executeBlocking(overdue::scanOnce, true)
        .onFailure(e -> LOG.warn("overdue scan failed: {}", e.toString())));
    LOG.info("webhook notifications: {} target(s) from {}", settings.targetCount(), file);
    return notify;
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (dispatcher != null) {
      dispatcher.close();
    }
  }
}
