package io.tillwatch.app.cli;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.Version;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.Keys;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a daemon in the foreground until SIGTERM or SIGINT, then stops it gracefully and exits 0.
 * The signals are handled directly (not only by a shutdown hook) so the exit status of an orderly
 * stop is 0, as service managers expect.
 */
final class DaemonRunner {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonRunner.class);

  private DaemonRunner() {}

  static TillWatchDaemon startAndLog(Config config, String banner) {
    StringBuilder line = new StringBuilder("starting TillWatch ").append(Version.get()).append(" with:");
    for (Map.Entry<String, String> e : config.describe().entrySet()) {
      line.append("\n  ").append(e.getKey()).append(" = ").append(e.getValue());
    }
    LOG.info("{}", line);
    if (banner != null) {
      LOG.info("{}", banner);
    }
    TillWatchDaemon daemon = TillWatchDaemon.start(config, Clock.systemUTC());
    String httpHost = displayHost(config.get(Keys.HTTP_HOST));
    String ingest = config.get(Keys.INGEST_MODE).equals("broker") ? "subscribing to broker " + config.get(Keys.BROKER_URL)
        : "MQTT on " + config.get(Keys.MQTT_HOST) + ":" + daemon.mqttPort();
    String mgmtHost = config.get(Keys.HTTP_MANAGEMENT_HOST).isEmpty() ? httpHost : displayHost(config.get(Keys.HTTP_MANAGEMENT_HOST));
    LOG.info("TillWatch started: {}; operator console {} ; tasks {}api/v1/tasks (auth: {}); metrics http://{}:{}/metrics ; "
            + "health http://{}:{}/health/ready", ingest, consoleUrl(config, daemon), apiBase(config, daemon),
        config.get(Keys.HTTP_AUTH), mgmtHost, daemon.managementPort(), mgmtHost, daemon.managementPort());
    return daemon;
  }

  /** Where the API listens, as a browser on this machine reaches it, ending in '/'. */
  static String apiBase(Config config, TillWatchDaemon daemon) {
    String scheme = config.get(Keys.HTTP_TLS_CERT_FILE).isEmpty() ? "http" : "https";
    return scheme + "://" + displayHost(config.get(Keys.HTTP_HOST)) + ":" + daemon.httpPort() + "/";
  }

  static String consoleUrl(Config config, TillWatchDaemon daemon) {
    return apiBase(config, daemon) + "console/";
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

  private static String displayHost(String host) {
    return host.equals("0.0.0.0") ? "localhost" : host;
  }
}
