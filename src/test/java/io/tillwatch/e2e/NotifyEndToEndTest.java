package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhooks wired into the running daemon: a real terminal's unconfirmed sale reaches the shop's
 * WeCom robot and the ops team's generic webhook (local fake receivers), and, left unacknowledged
 * past {@code escalation.ack-within.critical}, reaches them again as overdue; the overdue gauge
 * and the delivery counters say so.
 */
class NotifyEndToEndTest {
  @TempDir
  static Path dir;

  static Vertx vertx;
  static HttpServer receiver;
  static final List<String[]> received = new CopyOnWriteArrayList<>(); // {uri, body}
  static InProcessDaemon tw;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    receiver = vertx.createHttpServer().requestHandler(r -> r.body().onSuccess(b -> {
      received.add(new String[] {r.uri(), b.toString()});
      r.response().putHeader("Content-Type", "application/json").end("{\"errcode\":0,\"errmsg\":\"ok\"}");
    })).listen(0, "127.0.0.1").await();
    String base = "http://127.0.0.1:" + receiver.actualPort();
    Path file = dir.resolve("notify.yaml");
    Files.writeString(file, """
        merchants:
          m001:
            - type: wecom
              url: %s/wecom?key=k
          "*":
            - type: generic
              url: %s/ops
              secret: s3cret
        """.formatted(base, base));
    Map<String, String> settings = new HashMap<>(InProcessDaemon.FAST);
    settings.put("notify.file", file.toString());
    settings.put("escalation.ack-within.critical", "3s");
    tw = new InProcessDaemon(dir.resolve("data"), settings);
  }

  @AfterAll
  static void stop() {
    if (tw != null) {
      tw.close();
    }
    vertx.close().await();
  }

  private static List<String> bodies(String uriPrefix) {
    return received.stream().filter(r -> r[0].startsWith(uriPrefix)).map(r -> r[1]).toList();
  }

  @Test
  void anUnconfirmedSaleIsNotifiedWhenFoundAndAgainWhenNobodyAcknowledgesIt() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-notify")) {
      t.event("n1", "STARTED", 26_579);
      await().atMost(Duration.ofSeconds(15)).until(() -> bodies("/wecom").size() >= 1 && bodies("/ops").size() >= 1);
      String wecom = new JsonObject(bodies("/wecom").get(0)).getJsonObject("markdown").getString("content");
      assertTrue(wecom.startsWith("**【TillWatch】新补单任务：交易结果未确认**"), wecom);
      assertTrue(wecom.contains("¥265.79") && wecom.contains("t-notify"), wecom);
      JsonObject created = new JsonObject(bodies("/ops").get(0));
      assertEquals("task.created", created.getString("event"));
      assertEquals("n1", created.getJsonObject("task").getString("txn"));

      await().atMost(Duration.ofSeconds(15)).until(() -> bodies("/ops").size() >= 2);
      JsonObject overdue = new JsonObject(bodies("/ops").get(1));
      assertEquals("task.overdue", overdue.getString("event"));
      assertEquals(created.getJsonObject("task").getString("id"), overdue.getJsonObject("task").getString("id"));
      await().atMost(Duration.ofSeconds(5)).until(() -> bodies("/wecom").size() >= 2);
      assertTrue(new JsonObject(bodies("/wecom").get(1)).getJsonObject("markdown").getString("content")
          .contains("超时无人处理"));
      await().atMost(Duration.ofSeconds(5)).until(
          () -> tw.api.metric("tillwatch_tasks_overdue{severity=\"critical\"}") == 1.0
              && tw.api.metric("tillwatch_notify_deliveries_total{outcome=\"delivered\",type=\"wecom\"}") == 2.0);
      assertEquals(0.0, tw.api.metric("tillwatch_notify_deliveries_total{outcome=\"gave_up\",type=\"generic\"}"));

      assertEquals(200, tw.api.post("/api/v1/tasks/" + created.getJsonObject("task").getString("id") + "/ack",
          "{\"by\":\"alice\"}").status());
      await().atMost(Duration.ofSeconds(5)).until(() -> tw.api.metric("tillwatch_tasks_overdue{severity=\"critical\"}") == 0.0);
    }
  }
}
