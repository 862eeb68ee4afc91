package io.tillwatch.app.cli;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.Version;
import io.tillwatch.app.config.Config;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a daemon in the foreground until SIGTERM or SIGINT, then stops it gracefully and exits 0.
 * The signals are handled directly (not only by a shutdown hook) so the exit status of an orderly
 * stop is 0, as service managers expect.
 *
 * <p>Start-up says what was asked (the settings not left at their default), then, once started,
 * where everything is ({@link StartupLines}); every setting with its source only at DEBUG.
 */
final class DaemonRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonRunner.class);

  private DaemonRunner() {}

  static TillWatchDaemon startAndLog(Config config, String banner) {
    long began = System.nanoTime();
    List<String> given = config.given();
    LOG.info("starting TillWatch {}; {}; every setting at DEBUG (TILLWATCH_LOG_LEVEL=DEBUG), every effective value with "
        + "'tillwatch config --effective'", Version.get(), given.isEmpty() ? "all settings at their defaults"
            : "settings given: " + String.join(", ", given));
    if (LOG.isDebugEnabled()) {
      StringBuilder table = new StringBuilder("settings:");
      for (Map.Entry<String, String> e : config.describe().entrySet()) {
        table.append("\n  ").append(e.getKey()).append(" = ").append(e.getValue());
      }
      LOG.debug("{}", table);
    }
    if (banner != null) {
      LOG.info("{}", banner);
    }
    TillWatchDaemon daemon = TillWatchDaemon.start(config, Clock.systemUTC());
    for (String line : StartupLines.of(config, daemon)) {
      LOG.info("{}", line);
    }
    LOG.info("TillWatch {} started in {} s", Version.get(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - began) / 1e9));
    return daemon;
  }

  static String consoleUrl(Config config, TillWatchDaemon daemon) {
    return StartupLines.apiBase(config, daemon.httpPort()) + "console/";
  }

  static int runUntilSignalled(TillWatchDaemon daemon, Runnable beforeStop) {
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), s -> stop.countDown());
    Signal.handle(new Signal("INT"), s -> stop.countDown());
    try {
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (beforeStop != null) {
      beforeStop.run();
    }
    daemon.stop();
    return 0;
  }
}
