package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails half-way (here: the MQTT port is taken, so the store is open, recovery has run
 * and the HTTP listener is bound when it fails) closes what it had started: the HTTP port is free
 * again, neither an event loop nor the store's writer thread is left, and the data directory opens
 * again at once.
 */
class FailedStartEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void aFailedStartClosesWhatItHadStarted() throws Exception {
    int httpPort = FreePorts.next();
    Set<Thread> before = daemonThreads(); // another test's daemon may still be running in this JVM
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(taken.getLocalPort(), httpPort));
      assertTrue(e.getMessage().contains("MQTT endpoint"), e.getMessage());
    }

    try (ServerSocket again = new ServerSocket(httpPort, 50, InetAddress.getLoopbackAddress())) {
      assertTrue(again.isBound(), "the HTTP port was left bound");
    }
    Set<Thread> left = daemonThreads();
    left.removeAll(before);
    assertTrue(left.isEmpty(), "threads of the failed start left running (event loops, the store's writer): " + left);

    TillWatchDaemon second = start(0, 0); // the store was closed: the same data directory opens again
    try {
      assertTrue(second.httpPort() > 0);
    } finally {
      second.stop();
    }
  }

  /** The threads that show a daemon still open: Vert.x event loops and the store's single writer. */
  private static Set<Thread> daemonThreads() {
    Set<Thread> threads = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("vert.x-eventloop") || t.getName().equals("tillwatch-store-writer")) {
        threads.add(t);
      }
    }
    return threads;
  }

  private TillWatchDaemon start(int mqttPort, int httpPort) {
    return TillWatchDaemon.start(ConfigLoader.load(null, Map.of(), List.of("--mqtt.port=" + mqttPort,
        "--http.port=" + httpPort, "--data.dir=" + dir, "--mqtt.auth=off", "--http.auth=off")), Clock.systemUTC());
  }
}
