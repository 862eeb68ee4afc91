package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.app.config.ConfigLoader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DaemonSettingsTest {
  @Test
  void aForgottenSaleIsRememberedNoLongerThanTheEventsThatRebuildTheMemoryAreKept() {
    var config = ConfigLoader.load(null, Map.of(), List.of("--journal.retention=6h"));
    assertEquals(Duration.ofHours(6), DaemonSettings.detection(config).forgottenSaleMemory(), "capped by the journal");
    assertEquals(Duration.ofHours(2), DaemonSettings.detection(config, Duration.ofHours(2)).forgottenSaleMemory(),
        "capped by a detector's state retention");
    var shorter = ConfigLoader.load(null, Map.of(), List.of("--detect.forgotten-sale-memory=30m"));
    assertEquals(Duration.ofMinutes(30), DaemonSettings.detection(shorter).forgottenSaleMemory());
  }

  @Test
  void brokerModeHoldsNoMoreUnacknowledgedMessagesThanTheJournalQueue() {
    var config = ConfigLoader.load(null, Map.of(), List.of("--broker.url=tcp://127.0.0.1:1883", "--journal.queue-capacity=500"));
    assertEquals(500, DaemonSettings.broker(config).maxUnacknowledged());
  }
}
