package io.tillwatch.http;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.NoTerminals;
import io.tillwatch.engine.Severity;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;
import io.tillwatch.testsupport.OperatorHttpClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task and terminal routes on their own: the real router and task service over an in-memory
 * repository, no MQTT, no database, no engine. Pins the HTTP contract the console and operators'
 * tools rely on: status codes, problem+json, the task's JSON, the timeline and history.
 */
class TaskRoutesTest {
  private static final FindingKey KEY = new FindingKey(FindingKind.UNPRINTED_RECEIPT, "m001", "t0001", "s1");

  private final InMemoryTaskRepository repository = new InMemoryTaskRepository();
  private final List<TaskChange> changes = new CopyOnWriteArrayList<>();
  private final HttpClient client = OperatorHttpClient.builder().connectTimeout(Duration.ofSeconds(5)).build();
  private Vertx vertx;
  private HttpApi http;
  private TaskService tasks;
  /** What the reprint port does in this test: by default, that terminal commands are not available. */
  private volatile java.util.function.BiFunction<String, String, CompletableFuture<Task>> reprinted =
      ManualReprint.UNAVAILABLE::reprint;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    TxnEvent authorized = new TxnEvent("m001", "t0001", "s1", 7, EventType.AUTHORIZED, 1_000, 12_850, "CNY", null,
        "433412345678", null, "622848******1234", null);
    tasks = new TaskService(repository, (m, t, txn) -> List.of(new StoredEvent(1_001, authorized)), new TaskIndex(),
        new TestClock(2_000));
    tasks.addListener(changes::add);
    TerminalQueries noTerminals = NoTerminals.INSTANCE;
    http = new HttpApi(vertx, tasks, noTerminals, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true,
        ApiAuth.off(), false, (id, by) -> reprinted.apply(id, by));
    http.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String raiseOne() {
    tasks.raised(new Finding(KEY, Severity.WARNING, "s1", 12_850, "CNY", "433412345678", "622848******1234", 1_000, 1_001,
        null, "Authorized, no receipt printed within 60 s."));
    await().atMost(Duration.ofSeconds(5)).until(() -> !changes.isEmpty());
    return changes.get(0).task().id();
  }

  @Test
  void aTaskIsServedWithItsSaleTimelineAndHistory() throws Exception {
    String id = raiseOne();

    HttpResponse<String> r = get("/api/v1/tasks/" + id);
    assertEquals(200, r.statusCode(), r.body());
    JsonObject task = new JsonObject(r.body());
    assertEquals("UNPRINTED_RECEIPT", task.getString("kind"));
    assertEquals("OPEN", task.getString("state"));
    assertEquals(12_850L, task.getLong("amount"));
    assertEquals("AUTHORIZED", task.getJsonArray("timeline").getJsonObject(0).getString("event"));
    assertEquals(1, task.getJsonArray("history").size());
  }

  @Test
  void acknowledgeThenResolveThenASecondResolveConflicts() throws Exception {
    String id = raiseOne();

    HttpResponse<String> ack = post("/api/v1/tasks/" + id + "/ack", "{\"by\":\"alice\"}");
    assertEquals(200, ack.statusCode(), ack.body());
    assertEquals("ACKNOWLEDGED", new JsonObject(ack.body()).getString("state"));

    HttpResponse<String> resolved = post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"REPRINTED\",\"by\":\"alice\"}");
    assertEquals(200, resolved.statusCode(), resolved.body());
    assertEquals("RESOLVED", new JsonObject(resolved.body()).getString("state"));

    HttpResponse<String> again = post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"FALSE_ALARM\",\"by\":\"bob\"}");
    assertEquals(409, again.statusCode(), again.body());
    assertTrue(again.headers().firstValue("content-type").orElse("").startsWith("application/problem+json"));
    assertEquals(List.of(TaskChange.Kind.CREATED, TaskChange.Kind.ACKNOWLEDGED, TaskChange.Kind.RESOLVED),
        changes.stream().map(TaskChange::kind).toList());
  }

  @Test
  void badRequestsAreRefusedWithAProblemThatSaysWhy() throws Exception {
    String id = raiseOne();

    HttpResponse<String> auto = post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"AUTO_RESOLVED\",\"by\":\"x\"}");
    assertEquals(400, auto.statusCode());
    assertTrue(new JsonObject(auto.body()).getString("detail").contains("REPRINTED"), auto.body());

    assertEquals(400, post("/api/v1/tasks/" + id + "/ack", "not json").statusCode());
    assertEquals(404, get("/api/v1/tasks/no-such-task").statusCode());
    assertEquals(404, post("/api/v1/tasks/no-such-task/ack", "{\"by\":\"alice\"}").statusCode());
    assertEquals(400, get("/api/v1/tasks?state=NOT_A_STATE").statusCode());
    assertEquals(1, changes.size(), "a refused request changes nothing");
  }

  @Test
  void aReprintIsSentInTheOperatorsNameAndIsUnavailableWithoutTerminalCommands() throws Exception {
    String id = raiseOne();
    assertEquals(503, post("/api/v1/tasks/" + id + "/reprint", "{\"by\":\"alice\"}").statusCode());

    List<String> asked = new CopyOnWriteArrayList<>();
    reprinted = (taskId, by) -> {
      asked.add(taskId + " by " + by);
      return CompletableFuture.completedFuture(repository.find(taskId).orElseThrow());
    };
    HttpResponse<String> r = post("/api/v1/tasks/" + id + "/reprint", "{\"by\":\"alice\"}");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(id, new JsonObject(r.body()).getString("id"));
    assertEquals(List.of(id + " by alice"), asked);
    assertEquals(400, post("/api/v1/tasks/" + id + "/reprint", "{}").statusCode(), "who asked is recorded: required");
  }

  @Test
  void anUntrackedTerminalIs404AndABadIdIs400() throws Exception {
    assertEquals(404, get("/api/v1/terminals/m001/t0009").statusCode());
    assertEquals(400, get("/api/v1/terminals/m001/bad%20id").statusCode());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.actualPort() + path);
  }
}
