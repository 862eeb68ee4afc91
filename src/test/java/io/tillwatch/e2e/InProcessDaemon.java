package io.tillwatch.e2e;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.ConfigLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the real daemon (all verticles, real SQLite file, real ports) inside the test JVM. */
public final class InProcessDaemon implements AutoCloseable {
  /** Deadlines compressed so end-to-end tests see every rule fire within seconds. */
  public static final Map<String, String> FAST = Map.of(
      "detect.print-timeout", "1s",
      "detect.outcome-timeout", "1500ms",
      "detect.reversal-timeout", "1500ms",
      "detect.gap-timeout", "1s",
      "detect.backlog-timeout", "1500ms",
      "detect.silence-factor", "2",
      "detect.tick", "20ms");

  final TillWatchDaemon daemon;
  final Api api;
  final Path dataDir;

  InProcessDaemon(Path dataDir, Map<String, String> settings) {
    this.dataDir = dataDir;
    // Anonymous MQTT unless a test asks for authentication (MqttAuthEndToEndTest does).
    List<String> args = new ArrayList<>(List.of("--mqtt.port=0", "--http.port=0", "--data.dir=" + dataDir,
        "--log.reject-interval=0ms", "--mqtt.auth=off"));
    if (!settings.containsKey("http.auth")) {
      args.add("--http.auth=off"); // tests about API access ask for it explicitly
    }
    settings.forEach((k, v) -> args.add("--" + k + "=" + v));
    this.daemon = TillWatchDaemon.start(ConfigLoader.load(null, Map.of(), args), Clock.systemUTC());
    this.api = new Api(daemon.httpPort());
  }

  /**
   * For tests of other packages: e.g. two instances on one shared PostgreSQL store
   * ({@code store=postgres}, {@code store.url=...} among {@code settings}).
   */
  public static InProcessDaemon start(Path dataDir, Map<String, String> settings) {
    return new InProcessDaemon(dataDir, settings);
  }

  /** The daemon itself, for tests of other packages that drive what the API does not (commands). */
  public TillWatchDaemon daemon() {
    return daemon;
  }

  /** A client of this daemon's HTTP API. */
  public Api api() {
    return api;
  }

  public int httpPort() {
    return daemon.httpPort();
  }

  /** A client of the separate /metrics and health listener (or of the API listener when there is none). */
  Api management() {
    return new Api(daemon.managementPort());
  }

  public int mqttPort() {
    return daemon.mqttPort();
  }

  @Override
  public void close() {
    daemon.stop();
  }
}
