package io.tillwatch.sim;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.PrinterState;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Simulated terminals and reprint commands over real MQTT: the test server sends the command on the
 * terminal's cmd topic; the terminal answers on cmd-result at QoS 1 and, when it printed, publishes
 * PRINTED for the sale with its next seq. Every sale is unprinted here, so any PRINTED is the command's.
 */
class TerminalCommandsTest {
  private final TelemetryDecoder decoder = new TelemetryDecoder(16_384);
  private Vertx vertx;
  private TestMqttServer server;
  private FleetSimulator sim;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    server = TestMqttServer.start(vertx);
  }

  @AfterEach
  void tearDown() {
    if (sim != null) {
      sim.stop().await();
    }
    server.close();
    vertx.close().await();
  }

  private void startSim(String outcomes) {
    SimulatorOptions opts = SimulatorOptions.builder("127.0.0.1", server.port()).terminals(1).merchants(1).salesPerSecond(2)
        .faults("unprinted=1").outcomes(outcomes).heartbeatIntervalSec(1).timeScale(20).seed(3)
        .paperOutPeriod(Duration.ofMinutes(5)).build();
    sim = FleetSimulator.start(vertx, opts).await();
  }

  @Test
  void aReprintPrintsOnceAndARedeliveryIsOnlyAnsweredAgain() throws Exception {
    startSim("paper-out=0");
    TxnEvent authorized = awaitTxn(EventType.AUTHORIZED);
    String txn = authorized.txn();
    assertNotNull(authorized.ref(), "sales carry their order number");
    assertTrue(authorized.ref().matches("[A-Za-z0-9_-]{6,32}"), authorized.ref());
    assertEquals(authorized.ref(), txnEvents().stream().filter(e -> e.txn().equals(txn) && e.type() == EventType.STARTED).findFirst()
        .orElseThrow().ref(), "the same ref on STARTED and AUTHORIZED");
    long before = maxSeq();

    server.publishTo("t00001", "pos/v1/m001/t00001/cmd", command("cmd-1", "REPRINT", txn, Instant.now().plusSeconds(600)));
    JsonObject result = awaitResult("cmd-1", 1);
    assertEquals("DONE", result.getString("status"));
    await().atMost(Duration.ofSeconds(10)).until(() -> printed(txn).isPresent());
    assertTrue(printed(txn).get().seq() > before, "PRINTED takes the terminal's next seq");

    server.publishTo("t00001", "pos/v1/m001/t00001/cmd", command("cmd-1", "REPRINT", txn, Instant.now().plusSeconds(600)));
    assertEquals(result, awaitResult("cmd-1", 2), "the redelivery is answered with the first result");
    server.publishTo("t00001", "pos/v1/m001/t00001/cmd", command("cmd-2", "REBOOT", txn, Instant.now().plusSeconds(600)));
    assertEquals("UNKNOWN_TYPE", awaitResult("cmd-2", 1).getString("reason"));
    server.publishTo("t00001", "pos/v1/m001/t00001/cmd", command("cmd-3", "REPRINT", txn, Instant.now().minusSeconds(1)));
    assertEquals("EXPIRED", awaitResult("cmd-3", 1).getString("reason"));
    server.publishTo("t00001", "pos/v1/m001/t00001/cmd", command("cmd-4", "REPRINT", "nobody-000001", Instant.now().plusSeconds(60)));
    assertEquals("UNKNOWN_SALE", awaitResult("cmd-4", 1).getString("reason"));
    assertEquals(1, txnEvents().stream().filter(e -> e.txn().equals(txn) && e.type() == EventType.PRINTED).count(),
        "printed exactly once");
    for (TestMqttServer.Received m : server.messages) {
      if (m.topic().endsWith("/cmd-result")) {
        assertEquals(MqttQoS.AT_LEAST_ONCE, m.qos());
      }
    }
    GroundTruthRecord truth = sim.groundTruth().ofKind(FindingKind.UNPRINTED_RECEIPT).stream().filter(r -> r.txn().equals(txn))
        .findFirst().orElseThrow();
    assertEquals(List.of("RESOLVED:REPRINTED"), truth.rightEnds());
    LedgerEntry booked = sim.ledger().byRef("m001", authorized.ref());
    assertEquals(LedgerOutcome.CHARGED, booked.outcome());
    assertEquals(txn, booked.txn());
  }

  @Test
  void outOfPaperTheTerminalSaysSoAndTheReprintFails() throws Exception {
    startSim("paper-out=1");
    TxnEvent authorized = awaitTxn(EventType.AUTHORIZED);
    await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats().stream().anyMatch(h -> h.printer() == PrinterState.PAPER_OUT));
    await().atMost(Duration.ofSeconds(10)).until(() -> txnEvents().stream()
        .anyMatch(e -> e.txn().equals(authorized.txn()) && e.type() == EventType.PRINT_FAILED));
    server.publishTo("t00001", "pos/v1/m001/t00001/cmd", command("cmd-9", "REPRINT", authorized.txn(), Instant.now().plusSeconds(600)));
    JsonObject result = awaitResult("cmd-9", 1);
    assertEquals("FAILED", result.getString("status"));
    assertEquals("PAPER_OUT", result.getString("reason"));
    assertFalse(printed(authorized.txn()).isPresent());
    GroundTruthRecord truth = sim.groundTruth().ofKind(FindingKind.UNPRINTED_RECEIPT).get(0);
    assertEquals(List.of("OPEN:REPRINT_FAILED"), truth.rightEnds());
    assertEquals(1, sim.groundTruth().ofKind(FindingKind.UNPRINTED_RECEIPT).size(), "out of paper, the terminal takes no more sales");
  }

  private static String command(String id, String type, String txn, Instant expires) {
    return new JsonObject().put("id", id).put("type", type).put("txn", txn).put("issuedAt", Instant.now().toString())
        .put("expiresAt", expires.toString()).put("taskId", "t-1").put("sale", new JsonObject().put("amount", 100)).encode();
  }

  private JsonObject awaitResult(String id, int nth) {
    await().atMost(Duration.ofSeconds(10)).until(() -> results(id).size() >= nth);
    return results(id).get(nth - 1);
  }

  private List<JsonObject> results(String id) {
    return server.messages.stream().filter(m -> m.topic().equals("pos/v1/m001/t00001/cmd-result"))
        .map(m -> new JsonObject(new String(m.payload(), StandardCharsets.UTF_8))).filter(j -> id.equals(j.getString("id"))).toList();
  }

  private TxnEvent awaitTxn(EventType type) {
    await().atMost(Duration.ofSeconds(10)).until(() -> txnEvents().stream().anyMatch(e -> e.type() == type));
    return txnEvents().stream().filter(e -> e.type() == type).findFirst().orElseThrow();
  }

  private Optional<TxnEvent> printed(String txn) {
    return txnEvents().stream().filter(e -> e.txn().equals(txn) && e.type() == EventType.PRINTED).findFirst();
  }

  private long maxSeq() {
    return txnEvents().stream().mapToLong(TxnEvent::seq).max().orElse(0);
  }

  private List<TxnEvent> txnEvents() {
    return decoded().stream().filter(t -> t instanceof TxnEvent).map(t -> (TxnEvent) t).toList();
  }

  private List<Heartbeat> heartbeats() {
    return decoded().stream().filter(t -> t instanceof Heartbeat).map(t -> (Heartbeat) t).toList();
  }

  private List<Telemetry> decoded() {
    return server.messages.stream().filter(m -> m.topic().endsWith("/txn") || m.topic().endsWith("/heartbeat")).map(m -> {
      try {
        return decoder.decode(m.topic(), m.payload());
      } catch (Exception e) {
        throw new AssertionError("payload on " + m.topic() + " refused: " + e.getMessage());
      }
    }).toList();
  }
}
