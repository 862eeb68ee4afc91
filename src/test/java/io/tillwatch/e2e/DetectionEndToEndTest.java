package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every finding kind end to end: a real MQTT client publishes contract payloads to the running
 * daemon, and the tasks are checked over the HTTP API, as an operator would see them.
 */
class DetectionEndToEndTest {
  @TempDir
  static java.nio.file.Path dir;

  static InProcessDaemon tw;
  static Api api;

  @BeforeAll
  static void start() {
    tw = new InProcessDaemon(dir, InProcessDaemon.FAST);
    api = tw.api;
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  static JsonObject awaitTask(String query) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> api.tasks(query), l -> l.size() == 1).get(0);
  }

  @Test
  void unprintedReceiptIsRaisedWorkedAndResolved() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-unprinted")) {
      t.event("s1", "STARTED", 12850);
      t.event("s1", "AUTHORIZED", 12850);
      JsonObject task = awaitTask("terminal=t-unprinted&kind=UNPRINTED_RECEIPT");
      assertEquals("OPEN", task.getString("state"));
      assertEquals("warning", task.getString("severity"));
      assertEquals("s1", task.getString("txn"));
      assertEquals(12850, task.getLong("amount"));
      assertEquals("CNY", task.getString("currency"));
      assertEquals("433412345678", task.getString("rrn"));
      assertTrue(task.getString("action").toLowerCase().contains("reprint"));
      String id = task.getString("id");

      JsonObject one = api.get("/api/v1/tasks/" + id).json();
      assertEquals(List.of("STARTED", "AUTHORIZED"),
          one.getJsonArray("timeline").stream().map(e -> ((JsonObject) e).getString("event")).toList());

      Api.Response ack = api.post("/api/v1/tasks/" + id + "/ack", "{\"by\":\"cashier-7\"}");
      assertEquals(200, ack.status(), ack.body());
      assertEquals("ACKNOWLEDGED", ack.json().getString("state"));

      Api.Response resolved = api.post("/api/v1/tasks/" + id + "/resolve",
          "{\"resolution\":\"REPRINTED\",\"by\":\"cashier-7\",\"note\":\"customer got the slip\"}");
      assertEquals(200, resolved.status(), resolved.body());
      assertEquals("RESOLVED", resolved.json().getString("state"));
      assertEquals("REPRINTED", resolved.json().getString("resolution"));
      assertEquals("cashier-7", resolved.json().getString("resolvedBy"));

      Api.Response again = api.post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"REFUNDED\",\"by\":\"x\"}");
      assertEquals(409, again.status());
      assertTrue(again.contentType().startsWith("application/problem+json"));
      assertEquals(409, api.post("/api/v1/tasks/" + id + "/ack", "{\"by\":\"x\"}").status());

      List<String> history = api.get("/api/v1/tasks/" + id).json().getJsonArray("history").stream()
          .map(h -> ((JsonObject) h).getString("change")).toList();
      assertEquals(3, history.size(), history.toString());
    }
  }

  @Test
  void aLateReceiptAutoResolvesTheTask() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-late")) {
      t.event("s1", "STARTED", 500);
      t.event("s1", "AUTHORIZED", 500);
      awaitTask("terminal=t-late&kind=UNPRINTED_RECEIPT&state=OPEN");
      t.event("s1", "PRINTED", -1);
      JsonObject task = awaitTask("terminal=t-late&kind=UNPRINTED_RECEIPT&state=RESOLVED");
      assertEquals("AUTO_RESOLVED", task.getString("resolution"));
      assertEquals("tillwatch", task.getString("resolvedBy"));
    }
  }

  @Test
  void printFailedRaisesAtOnce() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-paper")) {
      t.event("s1", "STARTED", 700);
      t.event("s1", "AUTHORIZED", 700);
      t.event("s1", "PRINT_FAILED", -1);
      // Raised on the event, long before the 1 s print timeout could matter.
      JsonObject task = awaitTask("terminal=t-paper&kind=UNPRINTED_RECEIPT");
      assertEquals("s1", task.getString("txn"));
    }
  }

  @Test
  void unconfirmedSaleAndDoubleChargeRisk() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m002", "t-double")) {
      t.event("a", "STARTED", 9900);
      JsonObject unconfirmed = awaitTask("terminal=t-double&kind=UNCONFIRMED_SALE");
      assertEquals("critical", unconfirmed.getString("severity"));
      assertEquals("a", unconfirmed.getString("txn"));
      // The cashier, unsure, collects again: same amount, same card.
      t.event("b", "STARTED", 9900);
      t.event("b", "AUTHORIZED", 9900);
      t.event("b", "PRINTED", -1);
      t.event("b", "COMPLETED", -1);
      JsonObject dc = awaitTask("terminal=t-double&kind=DOUBLE_CHARGE_RISK");
      assertEquals("b", dc.getString("txn"));
      assertEquals("a", dc.getString("relatedTxn"));
      assertEquals("critical", dc.getString("severity"));
    }
  }

  @Test
  void stuckReversal() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-rev")) {
      t.event("r1", "STARTED", 3000);
      t.event("r1", "REVERSAL_QUEUED", -1);
      JsonObject task = awaitTask("terminal=t-rev&kind=STUCK_REVERSAL");
      assertTrue(task.getString("action").contains("do not collect again"));
      t.event("r1", "REVERSED", -1);
      assertEquals("AUTO_RESOLVED", awaitTask("terminal=t-rev&kind=STUCK_REVERSAL&state=RESOLVED").getString("resolution"));
      assertTrue(api.tasks("terminal=t-rev&kind=UNCONFIRMED_SALE").isEmpty(), "a queued reversal settles the outcome question");
    }
  }

  @Test
  void telemetryGapFromASeqJumpClosesWhenTheEventArrives() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-gap")) {
      t.event("g1", "STARTED", 100);
      long lost = t.lose();
      t.event("g1", "PRINTED", -1);
      JsonObject gap = awaitTask("terminal=t-gap&kind=TELEMETRY_GAP");
      assertTrue(gap.getString("subject").contains(String.valueOf(lost)), gap.encode());
      t.publish("txn", Payloads.txn("g1", lost, "AUTHORIZED", 100), 1);
      awaitTask("terminal=t-gap&kind=TELEMETRY_GAP&state=RESOLVED");
    }
  }

  @Test
  void uploadBacklog() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-backlog")) {
      t.heartbeat(60, 3);
      awaitTask("terminal=t-backlog&kind=UPLOAD_BACKLOG&state=OPEN");
      t.heartbeat(60, 0);
      awaitTask("terminal=t-backlog&kind=UPLOAD_BACKLOG&state=RESOLVED");
    }
  }

  @Test
  void silentTerminalByHeartbeatTimeoutIsCriticalWithOpenSales() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-quiet")) {
      t.heartbeat(1, 0);
      t.event("q1", "STARTED", 100);
      JsonObject task = awaitTask("terminal=t-quiet&kind=TERMINAL_SILENT");
      assertEquals("critical", task.getString("severity"), "the terminal holds an open sale");
      t.heartbeat(1, 0);
      awaitTask("terminal=t-quiet&kind=TERMINAL_SILENT&state=RESOLVED");
    }
  }

  @Test
  void lastWillOfADroppedConnectionMarksTheTerminalSilent() throws Exception {
    String port = String.valueOf(tw.mqttPort());
    // The terminal announces itself first (with its own client id: publishing for another is refused) ...
    Process pub = new ProcessBuilder("mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-i", "t-will", "-q", "1",
        "-t", "pos/v1/m001/t-will/heartbeat", "-m", Payloads.heartbeat(600, 0, 0)).start();
    assertEquals(0, pub.waitFor());
    // ... then connects with a Last Will, and SIGKILL drops that connection without DISCONNECT.
    double before = api.metric("tillwatch_mqtt_connections_total");
    Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-i", "t-will",
        "-t", "pos/v1/m001/t-will/cmd", "--will-topic", "pos/v1/m001/t-will/status", "--will-payload", "offline",
        "--will-qos", "1", "--will-retain").redirectErrorStream(true).start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> api.metric("tillwatch_mqtt_connections_total") > before);
      sub.destroyForcibly().waitFor();
      JsonObject task = awaitTask("terminal=t-will&kind=TERMINAL_SILENT");
      assertEquals("OPEN", task.getString("state"));
      JsonObject view = api.get("/api/v1/terminals/m001/t-will").json();
      assertEquals("OFFLINE", view.getString("liveness"));
    } finally {
      sub.destroyForcibly();
    }
  }

  @Test
  void aSecondConnectionWithTheSameClientIdTakesOverWithoutRaisingSilence() throws Exception {
    // Both clients carry the Last Will "offline"; the older one is closed by the server when the
    // newer one connects, and its Will must not be acted on.
    try (TestTerminal stale = new TestTerminal(tw.mqttPort(), "m001", "t-twice")) {
      stale.heartbeat(600, 0);
      try (TestTerminal fresh = new TestTerminal(tw.mqttPort(), "m001", "t-twice")) {
        await().atMost(Duration.ofSeconds(10)).until(() -> !stale.client().isConnected());
        assertTrue(fresh.client().isConnected());
        fresh.heartbeat(600, 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
            .until(() -> api.tasks("terminal=t-twice&kind=TERMINAL_SILENT").isEmpty());
        assertEquals("ONLINE", api.get("/api/v1/terminals/m001/t-twice").json().getString("liveness"));
      }
    }
  }

  @Test
  void taskChangesArePublishedOnTheOpsTopic() throws Exception {
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    MqttClient console = new MqttClient("tcp://127.0.0.1:" + tw.mqttPort(), "console-1", new MemoryPersistence());
    console.connect(new MqttConnectOptions());
    console.subscribe("ops/v1/tasks/m003", 1, (topic, msg) -> received.add(new JsonObject(new String(msg.getPayload(),
        StandardCharsets.UTF_8))));
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m003", "t-ops")) {
      t.event("o1", "STARTED", 100);
      t.event("o1", "AUTHORIZED", 100);
      await().atMost(Duration.ofSeconds(15)).until(() -> received.stream()
          .anyMatch(j -> "UNPRINTED_RECEIPT".equals(j.getString("kind")) && "created".equals(j.getString("change"))));
      JsonObject created = received.get(0);
      assertEquals("m003", created.getString("merchant"));
      assertNotNull(created.getString("id"));
    } finally {
      console.disconnect();
      console.close();
    }
  }

  @Test
  void mqtt5TerminalsAreServedToo() throws Exception {
    Process pub = new ProcessBuilder("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", String.valueOf(tw.mqttPort()),
        "-i", "t-v5", "-q", "1", "-t", "pos/v1/m001/t-v5/txn", "-m", Payloads.txn("v5", 1, "STARTED", 100))
        .redirectErrorStream(true).start();
    // mosquitto_pub at QoS 1 exits 0 only after the PUBACK arrived
    assertTrue(pub.waitFor(15, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, pub.exitValue(), new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    JsonObject task = awaitTask("terminal=t-v5&kind=UNCONFIRMED_SALE");
    assertEquals("v5", task.getString("txn"));
  }

  @Test
  void terminalView() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-view")) {
      t.heartbeat(30, 0);
      t.event("v1", "STARTED", 4200);
      await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/terminals/m001/t-view").status() == 200
          && !api.get("/api/v1/terminals/m001/t-view").json().getJsonArray("openSales").isEmpty());
      JsonObject v = api.get("/api/v1/terminals/m001/t-view").json();
      assertEquals("ONLINE", v.getString("liveness"));
      assertEquals(30, v.getJsonObject("lastHeartbeat").getInteger("intervalSec"));
      assertEquals("v1", v.getJsonArray("openSales").getJsonObject(0).getString("txn"));
    }
    assertEquals(404, api.get("/api/v1/terminals/m001/never-seen").status());
    assertEquals(400, api.get("/api/v1/terminals/m001/bad%20id").status());
  }

  @Test
  void apiErrorsAreProblemDetails() {
    Api.Response missing = api.get("/api/v1/tasks/t_NOPE");
    assertEquals(404, missing.status());
    assertTrue(missing.contentType().startsWith("application/problem+json"));
    assertEquals(404, missing.json().getInteger("status"));
    assertEquals(404, api.post("/api/v1/tasks/t_NOPE/ack", "{\"by\":\"x\"}").status());
    assertEquals(400, api.get("/api/v1/tasks?state=LOST").status());
    assertEquals(400, api.get("/api/v1/tasks?limit=0").status());
    assertEquals(400, api.get("/api/v1/tasks?cursor=not-a-cursor").status());
    assertEquals(400, api.post("/api/v1/tasks/t_NOPE/resolve", "{\"resolution\":\"AUTO_RESOLVED\",\"by\":\"x\"}").status());
    assertEquals(400, api.post("/api/v1/tasks/t_NOPE/ack", "not json").status());
    assertEquals(400, api.post("/api/v1/tasks/t_NOPE/ack", "{}").status());
  }

  @Test
  void healthAndMetrics() {
    assertEquals(200, api.get("/health/live").status());
    assertEquals(200, api.get("/health/ready").status());
    Api.Response m = api.get("/metrics");
    assertEquals(200, m.status());
    assertTrue(m.contentType().startsWith("text/plain"));
    assertEquals(1.0, api.metric("tillwatch_ready"), "ready gauge");
    assertTrue(m.body().contains("jvm_memory_used_bytes"), "JVM metrics are exported");
    assertTrue(m.body().contains("tillwatch_findings_total{kind=\"UNCONFIRMED_SALE\",severity=\"critical\"}"));
  }
}
