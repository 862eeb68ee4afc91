package io.tillwatch.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.Principal;
import io.tillwatch.http.auth.Session;
import io.tillwatch.http.auth.Sessions;
import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskFinding;
import io.tillwatch.tasks.TaskPlace;
import io.tillwatch.tasks.TaskSale;
import io.tillwatch.tasks.TestClock;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live task stream over real connections: changes committed through the task service arrive
 * as events, the merchant filter, pings, the gauge, a closed connection unsubscribed, a stream
 * ended with its session, and a client that stops reading cut off instead of buffered.
 */
class TaskEventsTest {
  private static final Map<String, String> NONE = Map.of();
  private ConsoleApi api;
  private Vertx vertx;
  private int port;

  @AfterEach
  void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void committedChangesArriveAsEventsAndTheMerchantFilterHolds() throws Exception {
    api = new ConsoleApi(ApiAuth.off());
    int port = api.http.actualPort();
    assertEquals(0.0, api.metric("tillwatch_http_live_streams"), "registered at 0");
    try (SseClient all = new SseClient(port, TaskEvents.PATH, NONE, true);
         SseClient m002 = new SseClient(port, TaskEvents.PATH + "?merchant=m002", NONE, true)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> api.metric("tillwatch_http_live_streams") == 2.0);
      assertTrue(all.lines.contains("retry: 2000"), all.lines.toString());
      assertTrue(all.lines.stream().anyMatch(l -> l.equalsIgnoreCase("content-type: text/event-stream; charset=utf-8")),
          all.lines.toString());

      String first = api.raise("m001", "s1");
      assertEquals(200, api.post("/api/v1/tasks/" + first + "/ack", "{\"by\":\"alice\"}", NONE).statusCode());
      String second = api.raise("m002", "s2");

      await().atMost(Duration.ofSeconds(5)).until(() -> all.data("task").size() == 3);
      List<JsonObject> events = all.data("task").stream().map(JsonObject::new).toList();
      assertEquals(List.of("created", "acknowledged", "created"), events.stream().map(e -> e.getString("change")).toList());
      assertEquals(first, events.get(0).getJsonObject("task").getString("id"));
      assertEquals("ACKNOWLEDGED", events.get(1).getJsonObject("task").getString("state"));
      assertEquals(12_850L, events.get(2).getJsonObject("task").getLong("amount"));

      await().atMost(Duration.ofSeconds(5)).until(() -> m002.data("task").size() == 1);
      assertEquals(second, new JsonObject(m002.data("task").get(0)).getJsonObject("task").getString("id"));

      all.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> api.metric("tillwatch_http_live_streams") == 1.0);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> api.metric("tillwatch_http_live_streams") == 0.0);
    assertEquals(400, api.get(TaskEvents.PATH + "?merchant=bad%20id", NONE).statusCode());
    assertEquals(400, api.get(TaskEvents.PATH + "?since=1", NONE).statusCode());
  }

  @Test
  void theStreamIsAuthenticatedLikeAnyGet() throws Exception {
    api = new ConsoleApi(ApiAuth.proxy("X-Forwarded-User", "X-Forwarded-Role"));
    assertEquals(401, api.get(TaskEvents.PATH, NONE).statusCode());
    try (SseClient dan = new SseClient(api.http.actualPort(), TaskEvents.PATH, Map.of("X-Forwarded-User", "dan"), true)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> dan.lines.contains("retry: 2000"));
      api.raise("m001", "s1");
      await().atMost(Duration.ofSeconds(5)).until(() -> dan.data("task").size() == 1);
    }
  }

  /** The stream on its own router, with a short ping, a small write queue and each change written at once. */
  private TaskEvents smallServer(Sessions sessions) throws Exception {
    return smallServer(sessions, Duration.ZERO);
  }

  private TaskEvents smallServer(Sessions sessions, Duration flush) throws Exception {
    vertx = Vertx.vertx();
    TaskEvents events = new TaskEvents(vertx, sessions, AckDeadlines.defaults(), Duration.ofMillis(100), flush, 16 * 1024);
    events.bindMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    Router router = Router.router(vertx);
    router.route().handler(ApiAuth.off().withSessions(sessions));
    events.mount(router);
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    port = server.actualPort();
    return events;
  }

  @Test
  void anIdleStreamIsPingedAndEndsWithItsSession() throws Exception {
    Sessions sessions = new Sessions(Duration.ofHours(1), 10, new TestClock(1_000)::millis);
    TaskEvents events = smallServer(sessions);
    Session carol = sessions.create(new Principal("carol", ApiRole.OPERATOR), null);
    try (SseClient open = new SseClient(port, TaskEvents.PATH, NONE, true);
         SseClient signedIn = new SseClient(port, TaskEvents.PATH, Map.of("Cookie", "tw_session=" + carol.id()), true)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> signedIn.lines.contains(": ping") && open.lines.contains(": ping"));
      sessions.end(carol.id());
      await().atMost(Duration.ofSeconds(5)).until(signedIn::ended);
      await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
      assertTrue(!open.ended(), "a stream without a session goes on");
    }
  }

  @Test
  void aClientThatStopsReadingIsDisconnectedWhileOthersKeepTheirStream() throws Exception {
    TaskEvents events = smallServer(new Sessions(Duration.ofHours(1), 10, new TestClock(1_000)::millis));
    try (SseClient reading = new SseClient(port, TaskEvents.PATH, NONE, true);
         SseClient stalled = new SseClient(port, TaskEvents.PATH, NONE, false)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
      TaskChange big = bigChange();
      int[] sent = {0};
      // the next change only once the reading client has the last one: it is never behind, the stalled one ever more
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(2)).until(() -> {
        if (reading.data("task").size() == sent[0]) {
          events.changed(big);
          sent[0]++;
        }
        return events.size() == 1;
      });
      assertTrue(sent[0] < 1000, "cut after a bounded amount: " + sent[0] + " events of 4 KB");
      assertTrue(stalled.drainUntilClosed(10_000), "the server closed the stalled connection");
      await().atMost(Duration.ofSeconds(10)).until(() -> reading.data("task").size() == sent[0]);
      assertTrue(!reading.ended());
    }
  }

  @Test
  void changesGatherBetweenFlushesArriveInOrderAndAStreamTooFarBehindIsCut() throws Exception {
    TaskEvents events = smallServer(new Sessions(Duration.ofHours(1), 10, new TestClock(1_000)::millis),
        Duration.ofMillis(300));
    try (SseClient client = new SseClient(port, TaskEvents.PATH, NONE, true)) {
      await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
      for (int i = 0; i < 50; i++) {
        events.changed(change("t_" + i));
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> client.data("task").size() == 50);
      for (int i = 0; i < 50; i++) {
        assertTrue(client.data("task").get(i).contains("\"id\":\"t_" + i + "\""), "in commit order: " + i);
      }
      // more changes than a stream may hold between two flushes: its event loop is not keeping up
      for (int i = 0; i <= TaskEvents.MAX_PENDING; i++) {
        events.changed(change("u_" + i));
      }
      await().atMost(Duration.ofSeconds(5)).until(client::ended);
      await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 0);
    }
  }

  private static TaskChange change(String id) {
    FindingKey key = new FindingKey(FindingKind.UNPRINTED_RECEIPT, "m001", "t0001", id);
    Task t = Task.open(id, new TaskFinding(key, "detail", "reprint", 1_000),
        new TaskSale(id, 100, "CNY", null, null, null), Severity.WARNING, 2_000);
    return new TaskChange(t, TaskChange.Kind.CREATED, "created", -1);
  }

  private static TaskChange bigChange() {
    FindingKey key = new FindingKey(FindingKind.UNPRINTED_RECEIPT, "m001", "t0001", "s1");
    // 4 KB in a field the stream's row form keeps (a store name is at most 64 characters on the wire;
    // the size is what matters here)
    Task t = Task.open("t_BIG", new TaskFinding(key, "detail", "reprint", 1_000),
        new TaskSale("s1", 100, "CNY", null, null, null), Severity.WARNING, 2_000)
        .withContext(-1, new TaskPlace("x".repeat(4000), null));
    return new TaskChange(t, TaskChange.Kind.CREATED, "created", -1);
  }
}
