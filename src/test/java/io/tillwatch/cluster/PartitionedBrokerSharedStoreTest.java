package io.tillwatch.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.e2e.MosquittoBroker;
import io.tillwatch.e2e.TestTerminal;
import io.tillwatch.testsupport.PostgresServer;
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
 * The fleet shape the shared store is for: two instances in partitioned broker mode, one Mosquitto,
 * one PostgreSQL database. Each instance ingests half of the terminals, both list every task, and
 * every change goes out on the shared broker's ops topic once, by the instance that made it.
 */
class PartitionedBrokerSharedStoreTest {
  @TempDir
  Path dir;

  private static Map<String, String> partition(MosquittoBroker broker, String url, int slice) {
    Map<String, String> s = new HashMap<>(TwoInstancesTest.sharedStore(url, InProcessDaemon.FAST));
    s.put("ingest.mode", "broker");
    s.put("broker.url", broker.url());
    s.put("broker.client-id", "tw-p" + slice);
    s.put("broker.partition", slice + "/2");
    s.put("broker.reconnect-min", "50ms");
    return s;
  }

  @Test
  void bothInstancesListEveryTaskAndEachChangeIsPublishedOnce() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"));
         InProcessDaemon p0 = InProcessDaemon.start(dir.resolve("p0"), partition(broker, url, 0));
         InProcessDaemon p1 = InProcessDaemon.start(dir.resolve("p1"), partition(broker, url, 1))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> p0.api().get("/health/ready").status() == 200
          && p1.api().get("/health/ready").status() == 200);
      MqttClient console = new MqttClient(broker.url(), "console", new MemoryPersistence());
      console.connect(new MqttConnectOptions());
      console.subscribe("ops/v1/tasks/#", 1, (t, m) -> published.add(new JsonObject(new String(m.getPayload(),
          StandardCharsets.UTF_8))));
      try {
        int terminals = 12;
        for (int i = 0; i < terminals; i++) {
          try (TestTerminal t = new TestTerminal(broker.port, "m001", "t-fleet" + i)) {
            t.event("x", "STARTED", 100);
          }
        }
        for (InProcessDaemon d : List.of(p0, p1)) {
          await().atMost(Duration.ofSeconds(20)).until(() -> d.api().tasks("kind=UNCONFIRMED_SALE").size() == terminals);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> changes(published, "created").size() == terminals);

        // Acknowledge on p0 the tasks p1 opened (and the reverse): each acknowledgement goes out once.
        for (JsonObject task : p0.api().tasks("kind=UNCONFIRMED_SALE")) {
          assertEquals(200, p0.api().post("/api/v1/tasks/" + task.getString("id") + "/ack", "{\"by\":\"alice\"}").status());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> changes(published, "acknowledged by alice").size() == terminals);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
            changes(published, "created").size() == terminals && changes(published, "acknowledged by alice").size() == terminals);
        Set<String> ids = new HashSet<>(changes(published, "created"));
        assertEquals(terminals, ids.size(), "each task published once, never by both instances");
        assertEquals(terminals, p1.api().tasks("state=ACKNOWLEDGED").size(), "p1 lists p0's acknowledgements");
      } finally {
        console.disconnect();
        console.close();
      }
    }
  }

  private static List<String> changes(List<JsonObject> published, String change) {
    return published.stream().filter(j -> change.equals(j.getString("change"))).map(j -> j.getString("id")).toList();
  }
}
