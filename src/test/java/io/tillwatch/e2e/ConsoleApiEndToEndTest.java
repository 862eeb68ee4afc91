package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console reads, from a real daemon fed by a Paho terminal: a task a shop can recognise
 * (its sale's own time, store, amount as money), the inbox and history filters with their total, the
 * terminal list and the fleet summary; and what it must be refused (a resolution that contradicts the
 * kind, a misspelt filter).
 */
class ConsoleApiEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void aTaskSaysWhenWhereAndHowMuchAndTheListsFilterCountAndRefuse() throws Exception {
    try (InProcessDaemon tw = new InProcessDaemon(dir.resolve("data"), InProcessDaemon.FAST);
         TestTerminal terminal = new TestTerminal(tw.mqttPort(), "m001", "t-console")) {
      terminal.heartbeat(30, 0);
      Instant saleAt = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
      terminal.publish("txn", new JsonObject().put("txn", "s1").put("seq", 1).put("event", "STARTED")
          .put("at", saleAt.toString()).put("amount", 26_579).put("currency", "CNY").put("method", "CARD").encode(), 1);
      terminal.publish("txn", new JsonObject().put("txn", "s1").put("seq", 2).put("event", "AUTHORIZED")
          .put("at", saleAt.plusSeconds(4).toString()).put("amount", 26_579).put("currency", "CNY").put("method", "CARD")
          .put("rrn", "433412345678").put("pan", "622848******1234").encode(), 1);
      await().atMost(WAIT).until(() -> !tw.api.tasks("kind=UNPRINTED_RECEIPT").isEmpty());
      JsonObject task = tw.api.tasks("kind=UNPRINTED_RECEIPT").get(0);

      assertEquals("¥265.79", task.getString("amountText"));
      assertEquals(26_579, task.getInteger("amount"));
      assertEquals(saleAt.toString(), task.getString("saleAt"));
      assertEquals("S001", task.getString("store"));
      assertEquals("east", task.getString("region"));
      assertEquals(Instant.parse(task.getString("detectedAt")).plus(Duration.ofHours(1)).toString(),
          task.getString("ackDueAt"), "a warning is overdue after an hour unacknowledged");
      assertEquals(new JsonArray(List.of("REPRINTED", "FOUND_IN_BACKOFFICE", "REFUNDED", "NO_CHARGE", "FALSE_ALARM")),
          task.getJsonArray("allowedResolutions"));
      String id = task.getString("id");

      Api.Response contradicts = tw.api.post("/api/v1/tasks/" + id + "/resolve",
          "{\"resolution\":\"COLLECTED_AGAIN\",\"by\":\"alice\"}");
      assertEquals(422, contradicts.status(), contradicts.body());
      assertTrue(contradicts.json().getString("detail").contains("REPRINTED, FOUND_IN_BACKOFFICE"), contradicts.body());

      JsonObject inbox = tw.api.get("/api/v1/tasks?state=OPEN,ACKNOWLEDGED&severity=warning,critical&store=S001"
          + "&sort=urgent&limit=1").json();
      assertEquals(1, inbox.getLong("total"));
      assertEquals(id, inbox.getJsonArray("items").getJsonObject(0).getString("id"));
      assertEquals(0, tw.api.get("/api/v1/tasks?store=S002").json().getLong("total"));
      assertEquals(0, tw.api.get("/api/v1/tasks?from=" + Instant.now().plusSeconds(3600)).json().getLong("total"));

      Api.Response misspelt = tw.api.get("/api/v1/tasks?stat=OPEN");
      assertEquals(400, misspelt.status());
      assertTrue(misspelt.json().getString("detail").startsWith("unknown query parameter 'stat'"), misspelt.body());
      assertEquals(400, tw.api.get("/api/v1/tasks?state=OPEN&state=RESOLVED").status());
      assertEquals(400, tw.api.get("/api/v1/tasks?sort=oldest").status());
      assertEquals(400, tw.api.get("/api/v1/terminals?liveness=ASLEEP").status());

      JsonObject terminals = tw.api.get("/api/v1/terminals?liveness=ONLINE,SILENT&store=S001").json();
      assertEquals(1, terminals.getLong("total"), terminals.encode());
      JsonObject line = terminals.getJsonArray("items").getJsonObject(0);
      assertEquals("t-console", line.getString("terminal"));
      assertEquals("ONLINE", line.getString("liveness"));
      assertEquals(1, line.getInteger("openSales"));
      assertEquals(0, tw.api.get("/api/v1/terminals?liveness=OFFLINE").json().getLong("total"));

      JsonObject summary = tw.api.get("/api/v1/tasks/summary").json();
      assertEquals(1, summary.getJsonObject("open").getJsonObject("byKind").getLong("UNPRINTED_RECEIPT"), summary.encode());
      assertEquals(1, summary.getJsonObject("open").getJsonObject("bySeverity").getLong("warning"));
      assertNotNull(summary.getJsonObject("oldestMoneyTask"));
      assertEquals(id, summary.getJsonObject("oldestMoneyTask").getString("id"));
      assertEquals(0, summary.getLong("overdue"));

      JsonObject view = tw.api.get("/api/v1/terminals/m001/t-console").json();
      assertEquals(id, view.getJsonArray("recentTasks").getJsonObject(0).getString("id"));

      Api.Response resolved = tw.api.post("/api/v1/tasks/" + id + "/resolve",
          "{\"resolution\":\"REPRINTED\",\"by\":\"alice\",\"note\":\"customer came back\"}");
      assertEquals(200, resolved.status(), resolved.body());
      JsonObject history = tw.api.get("/api/v1/tasks?state=RESOLVED&by=ALI&txn=s1&resolution=REPRINTED").json();
      assertEquals(1, history.getLong("total"), history.encode());

      // requests are counted by route template, never by path (no task id in a label)
      String metrics = tw.api.get("/metrics").body();
      // (Vert.x names every route that handled the request, joined by '>': the JSON-only check, then the route)
      assertTrue(metrics.contains("route=\"/api/v1/>/api/v1/tasks/summary\""), "route label on vertx_http_server_*");
      assertTrue(metrics.contains("route=\"/api/v1/>/api/v1/tasks/:id/resolve\""), "the template, not the path");
      assertTrue(!metrics.contains(id), "no task id in any label");
    }
  }
}
