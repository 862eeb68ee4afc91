package io.tillwatch.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandService;
import io.tillwatch.commands.CommandState;
import io.tillwatch.commands.ReprintRequest;
import io.tillwatch.commands.SaleDetails;
import io.tillwatch.e2e.CommandInbox;
import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.e2e.TestTerminal;
import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway and a detector as separate instances: terminals reach only the gateway, detection runs
 * only on the detector, and both APIs list the same tasks from the shared store. Records an MQTT
 * broker's Kafka bridge writes (EMQX's and HiveMQ's default formats) are detected the same way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSplitRolesEndToEndTest {
  @TempDir
  static Path dir;

  InProcessDaemon gateway;
  InProcessDaemon detector;
  String prefix;
  KafkaCluster kafka;

  @BeforeAll
  void start() {
    kafka = KafkaCluster.shared();
    String url = PostgresServer.shared().newDatabase();
    prefix = KafkaClusters.newPrefix("split");
    var gatewaySettings = KafkaClusters.role("gateway", kafka, prefix, url, 4);
    var detectorSettings = KafkaClusters.role("detector", kafka, prefix, url, 4);
    detectorSettings.put("kafka.topic.bridge", prefix + ".emqx," + prefix + ".hivemq");
    try (var admin = kafka.admin()) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + ".emqx", 2, (short) 1),
          new org.apache.kafka.clients.admin.NewTopic(prefix + ".hivemq", 3, (short) 1))).all().get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    gateway = InProcessDaemon.start(dir.resolve("gateway"), gatewaySettings);
    detector = InProcessDaemon.start(dir.resolve("detector"), detectorSettings);
    await().atMost(Duration.ofSeconds(60)).until(() -> detector.api().get("/health/ready").status() == 200
        && gateway.api().get("/health/ready").status() == 200);
  }

  @AfterAll
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (detector != null) {
      detector.close();
    }
  }

  private JsonObject onlyTask(InProcessDaemon d, String terminal) {
    return await().atMost(Duration.ofSeconds(20)).until(() -> d.api().tasks("terminal=" + terminal), l -> l.size() == 1)
        .get(0);
  }

  @Test
  void aFindingFromTheGatewaysTerminalIsRaisedByTheDetectorAndListedByBoth() throws Exception {
    assertEquals(-1, detector.mqttPort(), "a detector alone has no MQTT endpoint");
    try (TestTerminal t = new TestTerminal(gateway.mqttPort(), "m001", "t-split")) {
      t.event("s1", "STARTED", 12_850);
      t.event("s1", "AUTHORIZED", 12_850);
    }
    String id = onlyTask(detector, "t-split").getString("id");
    assertEquals(id, onlyTask(gateway, "t-split").getString("id"));
    assertEquals("UNPRINTED_RECEIPT", onlyTask(gateway, "t-split").getString("kind"));
  }

  @Test
  void recordsOfEmqxAndHiveMqBridgesAreDetected() throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
      // Every bridge partition's normaliser running first: a bridge record is late for the detectors' clock if it
      // takes longer than kafka.tick-lag (300 ms here) to get through, and a task's first records can.
      for (int partition = 0; partition < 2; partition++) {
        producer.send(new ProducerRecord<>(prefix + ".emqx", partition, System.currentTimeMillis(), null,
            emqx("pos/v1/m003/warm-e" + partition + "/heartbeat", io.tillwatch.e2e.Payloads.heartbeat(30, 0, 0)))).get();
      }
      for (int partition = 0; partition < 3; partition++) {
        producer.send(new ProducerRecord<>(prefix + ".hivemq", partition, System.currentTimeMillis(),
            ("pos/v1/m003/warm-h" + partition + "/heartbeat").getBytes(StandardCharsets.UTF_8),
            io.tillwatch.e2e.Payloads.heartbeat(30, 0, 0).getBytes(StandardCharsets.UTF_8))).get();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> java.util.stream.Stream.of("warm-e0", "warm-e1", "warm-h0", "warm-h1",
          "warm-h2").allMatch(t -> detector.api().get("/api/v1/terminals/m003/" + t).status() == 200));
      long now = System.currentTimeMillis();
      // EMQX 5's default Kafka sink: key ${.clientid}, value ${.} (the message as JSON, payload a string); partitioned at random.
      for (String event : List.of("STARTED", "AUTHORIZED")) {
        String payload = txn("e1", event, event.equals("STARTED") ? 1 : 2, now);
        producer.send(new ProducerRecord<>(prefix + ".emqx", event.equals("STARTED") ? 0 : 1, now,
            "t-emqx".getBytes(StandardCharsets.UTF_8), emqx("pos/v1/m003/t-emqx/txn", payload))).get();
      }
      // HiveMQ's Kafka extension: key = the MQTT topic, value = the payload.
      for (String event : List.of("STARTED", "AUTHORIZED")) {
        producer.send(new ProducerRecord<>(prefix + ".hivemq", null, now, "pos/v1/m003/t-hive/txn".getBytes(StandardCharsets.UTF_8),
            txn("h1", event, event.equals("STARTED") ? 1 : 2, now).getBytes(StandardCharsets.UTF_8))).get();
      }
      // Card data in a bridged record never gets past the normaliser.
      producer.send(new ProducerRecord<>(prefix + ".hivemq", null, now, "pos/v1/m003/t-card/txn".getBytes(StandardCharsets.UTF_8),
          txn("c1", "STARTED", 1, now).replace("622848******1234", "4111111111111111")
              .getBytes(StandardCharsets.UTF_8))).get();
    }
    assertEquals("UNPRINTED_RECEIPT", onlyTask(detector, "t-emqx").getString("kind"));
    assertEquals("UNPRINTED_RECEIPT", onlyTask(detector, "t-hive").getString("kind"));
    await().atMost(Duration.ofSeconds(10)).until(() -> detector.api().metric(
        "tillwatch_detector_bridge_rejected_total{reason=\"card_data\"}") == 1.0);
  }

  @Test
  void aCommandMadeOnTheDetectorReachesTheTerminalOnTheGatewayAndItsAnswerIsStored() throws Exception {
    try (TestTerminal t = new TestTerminal(gateway.mqttPort(), "m004", "t-cmd")) {
      CommandInbox inbox = new CommandInbox(t);
      CommandService commands = detector.daemon().commands();
      Command c = commands.send(new ReprintRequest("task9:reprint", "t_task9", "m004", "t-cmd", "s9", new SaleDetails(12_850L,
          "CNY", "CARD", "433412345678", "A1B2C3", "622848******1234", "T0001-000123", 1_764_583_080_000L, "42000012"))).join();
      await().atMost(Duration.ofSeconds(15)).until(() -> inbox.ids().equals(List.of(c.id())));
      await().atMost(Duration.ofSeconds(15)).until(() -> commands.find(c.id()).join().orElseThrow().state()
          == CommandState.DELIVERED);
      inbox.answer(c.id(), "DONE", null);
      assertEquals(CommandState.DONE, commands.find(c.id()).join().orElseThrow().state(),
          "the gateway acknowledged the answer after storing it in the shared store");
      // The detector stops offering it: its copy goes once the sweep sees it answered elsewhere.
      await().atMost(Duration.ofSeconds(10)).until(() -> commands.pendingCount() == 0);
    }
  }

  /** EMQX 5's default value template ${.}: the message as JSON, the payload as a string. */
  private static byte[] emqx(String topic, String payload) {
    return new JsonObject().put("id", "0006").put("clientid", topic.split("/")[3]).put("topic", topic).put("payload", payload)
        .put("qos", 1).put("timestamp", System.currentTimeMillis()).encode().getBytes(StandardCharsets.UTF_8);
  }

  private static String txn(String txn, String event, int seq, long atMs) {
    return io.tillwatch.e2e.Payloads.txn(txn, seq, event, 1_000);
  }
}
