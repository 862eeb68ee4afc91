package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto 2 broker (Debian's package) on a loopback port, with persistence on, for the
 * external-broker tests. Stop it gracefully (it saves its persistence file) or kill it.
 */
public final class MosquittoBroker implements AutoCloseable {
  static final String BINARY = "/usr/sbin/mosquitto";

  public final int port;
  private final Path dir;
  private Process process;

  public MosquittoBroker(Path dir) throws IOException {
    this(dir, FreePorts.next());
  }

  MosquittoBroker(Path dir, int port) throws IOException {
    if (!Files.isExecutable(Path.of(BINARY))) {
      throw new IllegalStateException(BINARY + " is missing: install Debian's mosquitto package (scripts/test.sh does)");
    }
    this.port = port;
    this.dir = dir;
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
        // Started as root (as the tests run), Mosquitto would drop to user "mosquitto" and could not
        // write its persistence file into this root-owned directory: persistence would silently be off.
        "user root",
        "listener " + port + " 127.0.0.1",
        "allow_anonymous true",
        "persistence true",
        "persistence_location " + dir + "/",
        "autosave_interval 1",
        "max_queued_messages 1000000",
        "max_inflight_messages 0",
        "log_dest file " + dir.resolve("mosquitto.log"),
        ""));
    start();
  }

  public void start() throws IOException {
    process = new ProcessBuilder(BINARY, "-c", dir.resolve("mosquitto.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions().until(() -> {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return true;
      }
    });
  }

  /** SIGTERM: Mosquitto writes its persistence file and exits. */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
