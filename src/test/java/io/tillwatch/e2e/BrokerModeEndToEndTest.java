package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broker mode against a real Mosquitto: terminals talk to the broker, TillWatch subscribes with a
 * persistent session and acknowledges after its commit.
 */
class BrokerModeEndToEndTest {
  @TempDir
  Path dir;

  private static Map<String, String> brokerMode(MosquittoBroker broker, String clientId) {
    Map<String, String> s = new HashMap<>(InProcessDaemon.FAST);
    s.put("ingest.mode", "broker");
    s.put("broker.url", broker.url());
    s.put("broker.client-id", clientId);
    s.put("broker.reconnect-min", "50ms");
    s.put("broker.reconnect-max", "500ms");
    return s;
  }

  @Test
  void findingsThroughTheBrokerAndTaskChangesBackOnIt() throws Exception {
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"));
         InProcessDaemon tw = new InProcessDaemon(dir.resolve("data"), brokerMode(broker, "tw-a"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> tw.api.get("/health/ready").status() == 200);
      assertEquals(1.0, tw.api.metric("tillwatch_broker_connected"));
      assertEquals(1.0, tw.api.metric("tillwatch_ingest_info{mode=\"broker\"}"));

      List<JsonObject> published = new CopyOnWriteArrayList<>();
      MqttClient console = new MqttClient(broker.url(), "console", new MemoryPersistence());
      console.connect(new MqttConnectOptions());
      console.subscribe("ops/v1/tasks/#", 1, (t, m) -> published.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8))));
      try (TestTerminal t = new TestTerminal(broker.port, "m001", "t-b1")) {
        t.event("s1", "STARTED", 100);
        t.event("s1", "AUTHORIZED", 100);
        await().atMost(Duration.ofSeconds(15)).until(() -> tw.api.tasks("terminal=t-b1&kind=UNPRINTED_RECEIPT").size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> published.stream().anyMatch(j -> "t-b1".equals(j.getString("terminal"))));
      } finally {
        console.disconnect();
        console.close();
      }
    }
  }

  @Test
  void messagesPublishedWhileTillWatchIsDownAreDeliveredFromItsPersistentSession() throws Exception {
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"))) {
      Map<String, String> settings = brokerMode(broker, "tw-persist");
      try (InProcessDaemon first = new InProcessDaemon(dir.resolve("data"), settings)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> first.api.get("/health/ready").status() == 200);
      }
      // TillWatch is down; the broker holds its session and queues QoS 1 messages for it.
      try (TestTerminal t = new TestTerminal(broker.port, "m001", "t-queued")) {
        for (int i = 0; i < 20; i++) {
          t.event("q" + i, "STARTED", 100 + i);
        }
      }
      try (InProcessDaemon second = new InProcessDaemon(dir.resolve("data"), settings)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> second.api.tasks("terminal=t-queued&kind=UNCONFIRMED_SALE").size() == 20);
      }
    }
  }

  @Test
  void aBrokerRestartIsSurvivedAndReadinessFollowsTheConnection() throws Exception {
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"));
         InProcessDaemon tw = new InProcessDaemon(dir.resolve("data"), brokerMode(broker, "tw-restart"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> tw.api.get("/health/ready").status() == 200);
      broker.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> tw.api.get("/health/ready").status() == 503);
      assertEquals(0.0, tw.api.metric("tillwatch_broker_connected"));
      broker.start();
      await().atMost(Duration.ofSeconds(15)).until(() -> tw.api.get("/health/ready").status() == 200);
      assertTrue(tw.api.metric("tillwatch_broker_reconnects_total") >= 1);
      try (TestTerminal t = new TestTerminal(broker.port, "m001", "t-after-restart")) {
        t.event("r1", "STARTED", 100);
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> tw.api.tasks("terminal=t-after-restart&kind=UNCONFIRMED_SALE").size() == 1);
    }
  }

  @Test
  void aNetworkCutToTheBrokerIsBridgedByThePersistentSession() throws Exception {
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"));
         CuttableProxy link = new CuttableProxy(broker.port)) {
      Map<String, String> settings = brokerMode(broker, "tw-cut");
      settings.put("broker.url", "tcp://127.0.0.1:" + link.port);
      try (InProcessDaemon tw = new InProcessDaemon(dir.resolve("data"), settings)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> tw.api.get("/health/ready").status() == 200);
        link.cut();
        await().atMost(Duration.ofSeconds(10)).until(() -> tw.api.get("/health/ready").status() == 503);
        // Terminals keep publishing to the broker during the cut; it queues them for TillWatch's session.
        try (TestTerminal t = new TestTerminal(broker.port, "m001", "t-cut")) {
          for (int i = 0; i < 25; i++) {
            t.event("c" + i, "STARTED", 100 + i);
          }
        }
        link.restore();
        await().atMost(Duration.ofSeconds(20)).until(() -> tw.api.get("/health/ready").status() == 200);
        await().atMost(Duration.ofSeconds(20)).until(() -> tw.api.tasks("terminal=t-cut&kind=UNCONFIRMED_SALE").size() == 25);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
            .until(() -> tw.api.tasks("terminal=t-cut").size() == 25); // nothing duplicated
      }
    }
  }

  @Test
  void twoPartitionedInstancesSplitTheTerminalsWithoutOverlap() throws Exception {
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"))) {
      Map<String, String> a = brokerMode(broker, "tw-p0");
      a.put("broker.partition", "0/2");
      Map<String, String> b = brokerMode(broker, "tw-p1");
      b.put("broker.partition", "1/2");
      try (InProcessDaemon p0 = new InProcessDaemon(dir.resolve("p0"), a);
           InProcessDaemon p1 = new InProcessDaemon(dir.resolve("p1"), b)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> p0.api.get("/health/ready").status() == 200
            && p1.api.get("/health/ready").status() == 200);
        int terminals = 12;
        for (int i = 0; i < terminals; i++) {
          try (TestTerminal t = new TestTerminal(broker.port, "m001", "t-part" + i)) {
            t.event("x", "STARTED", 100);
          }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> p0.api.tasks("kind=UNCONFIRMED_SALE").size()
            + p1.api.tasks("kind=UNCONFIRMED_SALE").size() == terminals);
        Set<String> seen0 = terminalsOf(p0.api.tasks("kind=UNCONFIRMED_SALE"));
        Set<String> seen1 = terminalsOf(p1.api.tasks("kind=UNCONFIRMED_SALE"));
        assertTrue(!seen0.isEmpty() && !seen1.isEmpty(), "both instances own some terminals: " + seen0 + " / " + seen1);
        Set<String> overlap = new HashSet<>(seen0);
        overlap.retainAll(seen1);
        assertEquals(Set.of(), overlap, "a terminal has exactly one writer");
      }
    }
  }

  private static Set<String> terminalsOf(List<JsonObject> tasks) {
    Set<String> out = new HashSet<>();
    tasks.forEach(t -> out.add(t.getString("terminal")));
    return out;
  }
}
