package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real jar in its own JVM, so it can be killed with SIGKILL or stopped with SIGTERM like in production. */
public final class DaemonProcess implements AutoCloseable {
  public final int mqttPort;
  public final int httpPort;
  public final Api api;
  public final Path log;
  private final Process process;

  private DaemonProcess(Process process, int mqttPort, int httpPort, Path log) {
    this.process = process;
    this.mqttPort = mqttPort;
    this.httpPort = httpPort;
    this.api = new Api(httpPort);
    this.log = log;
  }

  static Path jar() {
    String jar = System.getProperty("tillwatch.jar", "target/tillwatch.jar");
    Path p = Path.of(jar);
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " is missing: run 'mvn package' (integration tests run after it in 'mvn verify')");
    }
    return p;
  }

  public static DaemonProcess start(String command, Path dataDir, Path log, int mqttPort, int httpPort, List<String> settings)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-Xmx512m", "-jar",
        jar().toString(), command, "--mqtt.port=" + mqttPort, "--http.port=" + httpPort, "--data.dir=" + dataDir));
    if (settings.stream().noneMatch(a -> a.startsWith("--mqtt.auth="))) {
      cmd.add("--mqtt.auth=off"); // anonymous terminals unless a test is about authentication
    }
    if (settings.stream().noneMatch(a -> a.startsWith("--http.auth="))) {
      cmd.add("--http.auth=off"); // these tests are about ingest and recovery, not API access
    }
    cmd.addAll(settings);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    DaemonProcess d = new DaemonProcess(p, mqttPort, httpPort, log);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .failFast("daemon exited; see " + log, () -> !p.isAlive())
        .until(() -> d.api.get("/health/ready").status() == 200);
    return d;
  }

  long readyAfterMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait; returns the exit status. */
  public int terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return -1;
    }
    return process.exitValue();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
