package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.app.TillWatchDaemon;
import io.tillwatch.app.config.ConfigLoader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails half-way (here: the MQTT port is taken, so the store is open, recovery has run
 * and the HTTP listener is bound when it fails) closes what it had started: the HTTP port is free
 * again, no event-loop thread is left, and the data directory opens again at once.
 */
class FailedStartEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void aFailedStartClosesWhatItHadStarted() throws Exception {
    int httpPort = FreePorts.next();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(taken.getLocalPort(), httpPort));
      assertTrue(e.getMessage().contains("MQTT endpoint"), e.getMessage());
    }

    try (ServerSocket again = new ServerSocket(httpPort, 50, InetAddress.getLoopbackAddress())) {
      assertTrue(again.isBound(), "the HTTP port was left bound");
    }
    List<String> loops = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
        .filter(n -> n.startsWith("vert.x-eventloop")).toList();
    assertTrue(loops.isEmpty(), "event loops left running: " + loops);

    TillWatchDaemon second = start(0, 0); // the store was closed: the same data directory opens again
    try {
      assertTrue(second.httpPort() > 0);
    } finally {
      second.stop();
    }
  }

  private TillWatchDaemon start(int mqttPort, int httpPort) {
    return TillWatchDaemon.start(ConfigLoader.load(null, Map.of(), List.of("--mqtt.port=" + mqttPort,
        "--http.port=" + httpPort, "--data.dir=" + dir, "--mqtt.auth=off", "--http.auth=off")), Clock.systemUTC());
  }
}
