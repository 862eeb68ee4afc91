package io.tillwatch.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.e2e.Api;
import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.e2e.TestTerminal;
import io.tillwatch.http.SseClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Two TillWatch instances on one PostgreSQL database, each with its own embedded MQTT endpoint and
 * API, as a fleet runs them: one task list from either API, one task per finding whichever instance
 * raises it, one winner per operator change, and every change reaching the other instance's live
 * stream and ops topic.
 */
class SharedStoreEndToEndTest extends TwoInstancesTest {
  @Override
  Map<String, String> settings() {
    return InProcessDaemon.FAST;
  }


  private JsonObject onlyTask(Api api, String query) {
    return await().atMost(Duration.ofSeconds(15)).until(() -> api.tasks(query), l -> l.size() == 1).get(0);
  }

  private double opened(Api api, String kind, String severity) {
    double v = api.metric("tillwatch_findings_total{kind=\"" + kind + "\",severity=\"" + severity + "\"}");
    return Double.isNaN(v) ? 0 : v;
  }

  /** A sale that was authorized and never printed, sent by one terminal to the instance of {@code port}. */
  private void unprinted(int port, String merchant, String terminal, String txn) throws Exception {
    try (TestTerminal t = new TestTerminal(port, merchant, terminal)) {
      t.event(txn, "STARTED", 12_850);
      t.event(txn, "AUTHORIZED", 12_850);
    }
  }

  @Test
  void theSameFindingRaisedOnBothInstancesIsOneTaskListedByBoth() throws Exception {
    double before = opened(a.api(), "UNPRINTED_RECEIPT", "warning") + opened(b.api(), "UNPRINTED_RECEIPT", "warning");
    try (TestTerminal onA = new TestTerminal(a.mqttPort(), "m001", "t-both");
         TestTerminal onB = new TestTerminal(b.mqttPort(), "m001", "t-both")) {
      for (TestTerminal t : List.of(onA, onB)) { // the same sale reaches both instances: both engines raise its finding
        t.event("s1", "STARTED", 12_850);
        t.event("s1", "AUTHORIZED", 12_850);
      }
      String id = onlyTask(a.api(), "terminal=t-both").getString("id");
      assertEquals(id, onlyTask(b.api(), "terminal=t-both").getString("id"), "one task list from either API");
      // Both print timeouts (1 s) have passed well before this ends; still one task, opened once.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
          a.api().tasks("terminal=t-both").size() == 1 && b.api().tasks("terminal=t-both").size() == 1);
      double after = opened(a.api(), "UNPRINTED_RECEIPT", "warning") + opened(b.api(), "UNPRINTED_RECEIPT", "warning");
      assertEquals(before + 1, after, "opened by exactly one of the two instances");
    }
  }

  @Test
  void operatorChangesOnTheTwoInstancesHaveOneWinner() throws Exception {
    unprinted(a.mqttPort(), "m001", "t-ack", "s1");
    String id = onlyTask(b.api(), "terminal=t-ack").getString("id"); // raised on A, listed by B
    String path = "/api/v1/tasks/" + id;

    assertEquals(200, a.api().post(path + "/ack", "{\"by\":\"alice\"}").status());
    Api.Response again = b.api().post(path + "/ack", "{\"by\":\"bob\"}");
    assertEquals(200, again.status(), "acknowledging an acknowledged task changes nothing, on one instance or two");
    assertEquals("ACKNOWLEDGED", again.json().getString("state"));
    List<String> acks = b.api().get(path).json().getJsonArray("history").stream().map(h -> (JsonObject) h)
        .filter(h -> "acknowledged".equals(h.getString("change"))).map(h -> h.getString("by")).toList();
    assertEquals(List.of("alice"), acks, "the first acknowledgement is the one recorded");

    assertEquals(200, a.api().post(path + "/resolve", "{\"resolution\":\"REPRINTED\",\"by\":\"alice\"}").status());
    assertEquals(409, b.api().post(path + "/resolve", "{\"resolution\":\"FALSE_ALARM\",\"by\":\"bob\"}").status());
    assertEquals(409, b.api().post(path + "/ack", "{\"by\":\"bob\"}").status());
    assertEquals("REPRINTED", b.api().get(path).json().getString("resolution"));
  }

  @Test
  void resolvingOnBothInstancesAtOnceHasExactlyOneWinner() throws Exception {
    for (int i = 0; i < 5; i++) {
      unprinted(b.mqttPort(), "m001", "t-race" + i, "s1");
    }
    for (int i = 0; i < 5; i++) {
      String path = "/api/v1/tasks/" + onlyTask(a.api(), "terminal=t-race" + i).getString("id") + "/resolve";
      CompletableFuture<Integer> onA = CompletableFuture.supplyAsync(() ->
          a.api().post(path, "{\"resolution\":\"REPRINTED\",\"by\":\"alice\"}").status());
      CompletableFuture<Integer> onB = CompletableFuture.supplyAsync(() ->
          b.api().post(path, "{\"resolution\":\"FALSE_ALARM\",\"by\":\"bob\"}").status());
      assertEquals(List.of(200, 409), java.util.stream.Stream.of(onA.join(), onB.join()).sorted().toList(), path);
    }
  }

  @Test
  void aChangeOnOneInstanceReachesTheOthersLiveStreamAndOpsTopic() throws Exception {
    List<JsonObject> published = new CopyOnWriteArrayList<>();
    MqttClient console = new MqttClient("tcp://127.0.0.1:" + b.mqttPort(), "console-b", new MemoryPersistence());
    console.connect(new MqttConnectOptions());
    console.subscribe("ops/v1/tasks/m002", 1, (topic, m) -> published.add(new JsonObject(new String(m.getPayload(),
        StandardCharsets.UTF_8))));
    try (SseClient stream = new SseClient(b.httpPort(), "/api/v1/tasks/events?merchant=m002", Map.of(), true)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> stream.lines.contains("retry: 2000"));
      unprinted(a.mqttPort(), "m002", "t-live", "s1");
      String id = onlyTask(a.api(), "terminal=t-live").getString("id");
      await().atMost(Duration.ofSeconds(5)).until(() -> events(stream, id, "created") == 1);
      await().atMost(Duration.ofSeconds(5)).until(() -> published(published, id, "created") == 1);

      long acked = System.nanoTime();
      assertEquals(200, a.api().post("/api/v1/tasks/" + id + "/ack", "{\"by\":\"alice\"}").status());
      await().atMost(Duration.ofSeconds(2)).until(() -> events(stream, id, "acknowledged") == 1);
      System.out.printf("an acknowledgement on instance A reached B's live stream %d ms after A answered%n",
          (System.nanoTime() - acked) / 1_000_000);
      await().atMost(Duration.ofSeconds(2)).until(() -> published(published, id, "acknowledged by alice") == 1);

      // A change made on B itself reaches its stream and topic once: its own notification is not repeated.
      assertEquals(200, b.api().post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"REPRINTED\",\"by\":\"bob\"}")
          .status());
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> events(stream, id, "resolved") == 1
          && published(published, id, "resolved REPRINTED by bob") == 1);
    } finally {
      console.disconnect();
      console.close();
    }
  }

  private static long events(SseClient stream, String id, String change) {
    return stream.data("task").stream().map(JsonObject::new)
        .filter(e -> change.equals(e.getString("change")) && id.equals(e.getJsonObject("task").getString("id"))).count();
  }

  private static long published(List<JsonObject> published, String id, String change) {
    return published.stream().filter(j -> id.equals(j.getString("id")) && change.equals(j.getString("change"))).count();
  }
}
