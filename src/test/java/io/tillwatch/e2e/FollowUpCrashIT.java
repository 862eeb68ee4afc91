package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a separate daemon process in the middle of the 补单 loop. First with every back-office
 * look-up in flight (the back office holds its answers): after the restart each sale is asked again
 * at the schedule's next step, never twice at the step the crash cut off, and every check ends.
 * Then with reprint commands pending for a terminal that is away: after the restart the terminal
 * gets each command once, with the id the task recorded before the crash.
 */
class FollowUpCrashIT {
  private static final int SALES = 20;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private Vertx vertx;
  /** Look-ups received, per txn. */
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
  /** While true the back office holds every request unanswered, as an acquirer that hangs. */
  private volatile boolean holding = true;
  private int backOfficePort;

  @BeforeEach
  void startBackOffice() throws Exception {
    vertx = Vertx.vertx();
    HttpServer server = vertx.createHttpServer().requestHandler(req -> {
      String txn = req.getParam("txn");
      asked.computeIfAbsent(txn, t -> new AtomicInteger()).incrementAndGet();
      if (holding) {
        return; // never answered: the daemon is killed with this look-up in flight
      }
      int n = Integer.parseInt(txn.substring(1));
      String status = n % 2 == 0 ? "APPROVED" : "DECLINED";
      req.response().putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("sale", new JsonObject().put("status", status).put("id", "ACQ-" + txn)).encode());
    });
    backOfficePort = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void pendingChecksAndCommandsSurviveKillMinusNineWithoutAStepOrACommandTwice() throws Exception {
    Path config = Files.writeString(dir.resolve("backoffice.yaml"), """
        backOffices:
          - name: acquirer
            type: http
            url: "http://127.0.0.1:%d/sales?merchant={merchant}&terminal={terminal}&txn={txn}"
            statusPointer: /sale/status
            referencePointer: /sale/id
            statuses: {APPROVED: CHARGED, DECLINED: NOT_CHARGED}
            timeout: 60s
            maxConcurrent: 32
            ratePerSecond: 100
        routes:
          - {merchant: "*", backOffice: acquirer}
        """.formatted(backOfficePort));
    Path data = dir.resolve("data");
    Path log = Files.createFile(dir.resolve("daemon.log"));
    int mqtt = FreePorts.next();
    int http = FreePorts.next();
    List<String> settings = List.of("--detect.outcome-timeout=1s", "--backoffice.file=" + config,
        "--backoffice.schedule=3s,3s,10m");

    // 1. Twenty sales never confirmed; their look-ups all go out and hang; kill -9.
    try (DaemonProcess first = DaemonProcess.start("run", data, log, mqtt, http, settings)) {
      try (TestTerminal t = new TestTerminal(mqtt, "m300", "t-crash")) {
        for (int i = 0; i < SALES; i++) {
          t.event("u" + i, "STARTED", 1000 + i);
        }
      }
      await().atMost(WAIT).until(() -> asked.size() == SALES);
      first.kill9();
    }
    asked.values().forEach(n -> assertEquals(1, n.get(), "one look-up per sale before the crash"));

    // 2. The back office answers now. Each sale is asked at step 2, not again at step 1.
    holding = false;
    Map<String, String> commandOfTask = new ConcurrentHashMap<>();
    try (DaemonProcess second = DaemonProcess.start("run", data, log, mqtt, http, settings)) {
      await().atMost(WAIT).until(() -> second.api.tasks("kind=UNCONFIRMED_SALE").stream()
          .filter(t -> t.getJsonObject("followUp") != null && finalStep(t.getJsonObject("followUp"))).count() == SALES);
      for (JsonObject t : second.api.tasks("kind=UNCONFIRMED_SALE")) {
        JsonObject f = t.getJsonObject("followUp");
        int n = Integer.parseInt(t.getString("txn").substring(1));
        assertEquals(2, f.getInteger("attempts"), t.encode());
        assertEquals(2, asked.get(t.getString("txn")).get(), "asked once per step: " + t.getString("txn"));
        assertEquals(n % 2 == 0 ? "DO_NOT_COLLECT_REPRINT" : "COLLECT_AGAIN", f.getString("nextStep"), t.encode());
        if (n % 2 == 0) {
          await().atMost(WAIT).until(() -> commandIdOf(second, t.getString("id")) != null);
          commandOfTask.put(t.getString("txn"), commandIdOf(second, t.getString("id")));
        }
      }
      second.kill9(); // the terminal is away: every reprint command is still pending
    }
    assertEquals(SALES / 2, commandOfTask.size());

    // 3. The terminal comes back: each command once, with the id recorded before the crash.
    try (DaemonProcess third = DaemonProcess.start("run", data, log, mqtt, http, settings);
         TestTerminal t = new TestTerminal(mqtt, "m300", "t-crash")) {
      CommandInbox inbox = new CommandInbox(t);
      await().atMost(WAIT).until(() -> inbox.received.size() >= SALES / 2);
      t.heartbeat(30, 0); // a round trip after the deliveries: a duplicate would have arrived by now
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> inbox.received.size() == SALES / 2);
      Set<String> received = new HashSet<>(inbox.ids());
      assertEquals(new HashSet<>(commandOfTask.values()), received, "the same ids, each once");
      asked.forEach((txn, n) -> assertEquals(2, n.get(), "no look-up after the checks ended: " + txn));
      assertEquals(0, third.terminate());
    }
  }

  private static boolean finalStep(JsonObject followUp) {
    String step = followUp.getString("nextStep");
    return "DO_NOT_COLLECT_REPRINT".equals(step) || "COLLECT_AGAIN".equals(step);
  }

  private static String commandIdOf(DaemonProcess d, String taskId) {
    JsonObject task = d.api.get("/api/v1/tasks/" + taskId).json();
    JsonObject f = task.getJsonObject("followUp");
    assertNotNull(f, task.encode());
    return f.getString("commandId");
  }
}
