package io.tillwatch.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.e2e.TestTerminal;
import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process in {@code role=all} on a real Kafka broker and PostgreSQL: terminals connect to its
 * MQTT endpoint, their messages go through Kafka to its Kafka Streams detector, and the findings
 * become tasks in the shared store, as in the single process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaAllRoleEndToEndTest {
  @TempDir
  static Path dir;

  InProcessDaemon daemon;

  @BeforeAll
  void start() {
    KafkaCluster kafka = KafkaCluster.shared();
    String url = PostgresServer.shared().newDatabase();
    daemon = InProcessDaemon.start(dir.resolve("all"), KafkaClusters.role("all", kafka, KafkaClusters.newPrefix("all"), url, 4));
    await().atMost(Duration.ofSeconds(60)).until(() -> daemon.api().get("/health/ready").status() == 200);
  }

  @AfterAll
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private List<JsonObject> tasks(String terminal) {
    return daemon.api().tasks("terminal=" + terminal);
  }

  @Test
  void anAuthorizedSaleThatNeverPrintsBecomesATask() throws Exception {
    try (TestTerminal t = new TestTerminal(daemon.mqttPort(), "m001", "t-unprinted")) {
      t.event("s1", "STARTED", 12_850);
      t.event("s1", "AUTHORIZED", 12_850);
    }
    JsonObject task = await().atMost(Duration.ofSeconds(20)).until(() -> tasks("t-unprinted"), l -> l.size() == 1).get(0);
    assertEquals("UNPRINTED_RECEIPT", task.getString("kind"));
    // The detector journals what it detects in the shared store: the task shows the sale's timeline.
    var timeline = daemon.api().get("/api/v1/tasks/" + task.getString("id")).json().getJsonArray("timeline");
    assertEquals(2, timeline.size(), timeline.encode());
    // The detector's counts reach the gauges, the amount at risk by currency included.
    await().atMost(Duration.ofSeconds(10)).until(() -> daemon.api().metric("tillwatch_amount_at_risk_minor_units{currency=\"CNY\"}") >= 12_850);
  }

  @Test
  void aSaleThatPrintsInTimeRaisesNothing() throws Exception {
    try (TestTerminal t = new TestTerminal(daemon.mqttPort(), "m001", "t-clean");
         TestTerminal control = new TestTerminal(daemon.mqttPort(), "m001", "t-control")) {
      t.event("s1", "STARTED", 500);
      t.event("s1", "AUTHORIZED", 500);
      t.event("s1", "PRINTED", 500);
      control.event("s1", "STARTED", 500); // the same sale, sent after it, never printed
      control.event("s1", "AUTHORIZED", 500);
    }
    // The control's task proves the detector's clock passed both deadlines; the clean sale's came first.
    await().atMost(Duration.ofSeconds(20)).until(() -> tasks("t-control"), l -> l.size() == 1);
    assertEquals(List.of(), tasks("t-clean"));
  }

  @Test
  void aPrintedReceiptClosesTheTaskOfALateSale() throws Exception {
    try (TestTerminal t = new TestTerminal(daemon.mqttPort(), "m001", "t-late")) {
      t.event("s1", "STARTED", 700);
      t.event("s1", "AUTHORIZED", 700);
      await().atMost(Duration.ofSeconds(20)).until(() -> tasks("t-late"), l -> l.size() == 1);
      t.event("s1", "PRINTED", 700);
    }
    JsonObject closed = await().atMost(Duration.ofSeconds(20))
        .until(() -> daemon.api().tasks("terminal=t-late&state=RESOLVED"), l -> l.size() == 1).get(0);
    assertEquals("AUTO_RESOLVED", closed.getString("resolution"));
  }

  @Test
  void theTerminalIsListedByTheDetectorThatHoldsIt() throws Exception {
    try (TestTerminal t = new TestTerminal(daemon.mqttPort(), "m002", "t-listed")) {
      t.heartbeat(30, 0);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> daemon.api().get("/api/v1/terminals/m002/t-listed").status() == 200);
    assertEquals(4, daemon.api().metric("tillwatch_detector_partitions"), "every partition is detected here");
  }
}
