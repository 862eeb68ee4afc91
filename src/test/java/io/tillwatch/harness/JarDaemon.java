package io.tillwatch.harness;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code target/tillwatch.jar run} in its own JVM on a fixed data dir and fixed ports, so that a
 * restart after SIGKILL is the same daemon to its terminals. Output is appended to one log file
 * across restarts.
 */
final class JarDaemon implements Daemon {
  private final Path jar;
  private final Path dataDir;
  private final Path log;
  private final int mqttPort;
  private final int httpPort;
  private final List<String> settings;
  private final String terminalEndpoint;
  /** Null: the SQLite file in the data dir. */
  private final String postgresUrl;
  private final HarnessApi api;
  private Process process;
  private long launchedNanos;

  private JarDaemon(Path jar, Path dataDir, Path log, int mqttPort, int httpPort, List<String> settings,
      String terminalEndpoint, String postgresUrl) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.log = log;
    this.mqttPort = mqttPort;
    this.httpPort = httpPort;
    this.settings = List.copyOf(settings);
    this.terminalEndpoint = terminalEndpoint;
    this.postgresUrl = postgresUrl;
    this.api = new HarnessApi(httpBase());
  }

  /** Embedded mode: terminals connect to TillWatch's own MQTT endpoint. */
  static JarDaemon embedded(Path jar, Path dataDir, Path log, int mqttPort, int httpPort, List<String> settings) {
    return new JarDaemon(jar, dataDir, log, mqttPort, httpPort, settings, "tcp://127.0.0.1:" + mqttPort, null);
  }

  /**
   * The same daemon with terminals connecting elsewhere, e.g. broker mode: settings
   * {@code --ingest.mode=broker --broker.url=tcp://127.0.0.1:P} and endpoint {@code tcp://127.0.0.1:P}.
   */
  JarDaemon withTerminalEndpoint(String endpoint, List<String> extraSettings) {
    List<String> s = new ArrayList<>(settings);
    s.addAll(extraSettings);
    return new JarDaemon(jar, dataDir, log, mqttPort, httpPort, s, endpoint, postgresUrl);
  }

  /**
   * The same daemon with its store on PostgreSQL ({@code jdbcUrl}, role {@code user}, no password)
   * instead of the SQLite file in its data dir.
   */
  JarDaemon withPostgres(String jdbcUrl, String user) {
    List<String> s = new ArrayList<>(settings);
    s.addAll(List.of("--store=postgres", "--store.url=" + jdbcUrl, "--store.user=" + user, "--store.tls=disable"));
    return new JarDaemon(jar, dataDir, log, mqttPort, httpPort, s, terminalEndpoint, jdbcUrl + "?user=" + user);
  }

  static Path defaultJar() {
    Path p = Path.of(System.getProperty("tillwatch.jar", "target/tillwatch.jar"));
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " is missing: run 'mvn package' first");
    }
    return p;
  }

  @Override
  public String terminalEndpoint() {
    return terminalEndpoint;
  }

  @Override
  public String httpBase() {
    return "http://127.0.0.1:" + httpPort;
  }

  @Override
  public String storeUrl() {
    return postgresUrl != null ? postgresUrl : "jdbc:sqlite:file:" + dataDir.resolve("tillwatch.db") + "?mode=ro";
  }

  Path log() {
    return log;
  }

  @Override
  public void launch() throws Exception {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("already running");
    }
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m"));
    // e.g. -Dharness.daemonJvmArgs=-Dlogback.configurationFile=/tmp/debug.xml to see the daemon's internals
    String jvmArgs = System.getProperty("harness.daemonJvmArgs", "").trim();
    if (!jvmArgs.isEmpty()) {
      cmd.addAll(List.of(jvmArgs.split("\\s+")));
    }
    // The harness measures durability, not access control: anonymous MQTT and an open API, explicitly.
    cmd.addAll(List.of("-jar", jar.toString(), "run", "--mqtt.port=" + mqttPort, "--http.port=" + httpPort,
        "--data.dir=" + dataDir, "--mqtt.auth=off", "--http.auth=off"));
    cmd.addAll(settings);
    launchedNanos = System.nanoTime();
    process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  @Override
  public long awaitReady(Duration atMost) {
    Process p = process;
    await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
        .failFast("daemon exited (status " + (p.isAlive() ? "-" : p.exitValue()) + "); see " + log, () -> !p.isAlive())
        .until(() -> api.status("/health/ready") == 200);
    return (System.nanoTime() - launchedNanos) / 1_000_000;
  }

  @Override
  public void kill9() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly(); // SIGKILL on Unix
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("process survived SIGKILL for 30 s");
      }
    }
  }

  @Override
  public int terminate() throws InterruptedException {
    process.destroy(); // SIGTERM
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      return -1;
    }
    return process.exitValue();
  }

  @Override
  public boolean alive() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    if (alive()) {
      try {
        kill9();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
