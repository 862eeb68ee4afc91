package io.tillwatch.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.acquirer.BackOfficeCatalog;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.Keys;
import io.tillwatch.backoffice.BackOfficeRouter;
import io.tillwatch.backoffice.FollowUpService;
import io.tillwatch.backoffice.RecheckSchedule;
import io.tillwatch.backoffice.ReprintSender;
import io.tillwatch.metrics.FollowUpMetrics;
import io.tillwatch.store.SqlStore;
import io.tillwatch.tasks.TaskService;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The back-office follow-up as the daemon runs it: the configured back offices
 * ({@code backoffice.file}), the follow-up service on its own thread (it reads the journal and
 * waits on nobody's event loop), its meters, and a tick each second. Without a file the service
 * still runs, so an operator's reprint works, but it asks nobody.
 */
final class DaemonFollowUp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonFollowUp.class);
  private static final long TICK_MS = 1_000;

  private final BackOfficeCatalog catalog;
  private final ExecutorService thread;
  private final FollowUpService service;
  private final Vertx vertx;
  private long timer = -1;

  private DaemonFollowUp(BackOfficeCatalog catalog, ExecutorService thread, FollowUpService service, Vertx vertx) {
    this.catalog = catalog;
    this.thread = thread;
    this.service = service;
    this.vertx = vertx;
  }

  /** Builds the follow-up and registers it as a task listener; call before findings arrive, then {@link #start()}. */
  static DaemonFollowUp create(Config config, Vertx vertx, Clock clock, SqlStore store, TaskService tasks,
      ReprintSender reprints, MeterRegistry registry) {
    String file = config.get(Keys.BACKOFFICE_FILE);
    BackOfficeCatalog catalog = file.isEmpty() ? null : BackOfficeCatalog.load(Path.of(file), vertx, clock);
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tillwatch-followup");
      t.setDaemon(true);
      return t;
    });
    FollowUpMetrics metrics = new FollowUpMetrics(registry);
    FollowUpService service = new FollowUpService(tasks, store.saleTimeline(), store.checks(),
        catalog == null ? List.of() : catalog.backOffices(), catalog == null ? BackOfficeRouter.NONE : catalog.router(),
        new RecheckSchedule(config.get(Keys.BACKOFFICE_SCHEDULE)), reprints, metrics, clock, thread);
    tasks.addListener(service);
    tasks.addListener(metrics);
    LOG.info("back-office follow-up: {}", catalog == null ? "no back office configured (backoffice.file)"
        : catalog.backOffices().size() + " back offices from " + file);
    return new DaemonFollowUp(catalog, thread, service, vertx);
  }

  /** Resumes pending checks (blocking, a start-up step) and starts the tick. */
  void start() {
    service.resume().join();
    timer = vertx.setPeriodic(TICK_MS, id -> service.tick());
  }

  FollowUpService service() {
    return service;
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (catalog != null) {
      catalog.close();
    }
  }
}
