package io.tillwatch.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** With no server listening, terminals keep retrying with backoff, failures are counted, stop() still completes. */
class ConnectRetryTest {

  @Test
  void failedConnectsAreCountedAndRetried() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Vertx vertx = Vertx.vertx();
    try {
      FleetSimulator sim = FleetSimulator.start(vertx, SimulatorOptions.builder("127.0.0.1", port)
          .terminals(3).merchants(1).salesPerSecond(50).faults("0.5").heartbeatIntervalSec(1).build()).await();
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.stats().connectFailures() >= 6);
      SimStatsSnapshot s = sim.stats();
      assertEquals(0, s.connectedTerminals());
      assertEquals(0, s.salesStarted(), "no sales without a connection");
      assertEquals(0, sim.groundTruth().size(), "no fault injected without a connection");
      sim.stop().await();
    } finally {
      vertx.close().await();
    }
  }
}
