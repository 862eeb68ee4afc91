package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.http.ApiAuth;
import io.tillwatch.http.HttpApi;
import io.tillwatch.http.ManualReprint;
import io.tillwatch.tasks.SaleTimeline;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskListener;
import io.tillwatch.tasks.TaskRepository;
import io.tillwatch.tasks.TaskService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Internal errors are forced behind the real HTTP API (a store and an engine that throw) and the
 * answers checked over HTTP: a 500 problem document, never a stack trace or the exception's text.
 */
class InternalErrorEndToEndTest {
  private static final String SECRET = "jdbc:sqlite:/secret/path broke at io.tillwatch.store";

  static Vertx vertx;
  static HttpApi http;
  static Api api;

  private static <T> T throwing(Class<T> type, boolean async) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.getName().equals("hashCode") ? 0 : method.getName().equals("equals") ? false : "throwing";
      }
      IllegalStateException e = new IllegalStateException(SECRET);
      if (async && method.getReturnType() == CompletableFuture.class) {
        return CompletableFuture.failedFuture(e);
      }
      if (async && method.getReturnType() == Future.class) {
        return Future.failedFuture(e);
      }
      throw e;
    }));
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    TaskService tasks = new TaskService(throwing(TaskRepository.class, true), throwing(SaleTimeline.class, false),
        new TaskIndex(), Clock.systemUTC());
    tasks.addListener(throwing(TaskListener.class, false));
    http = new HttpApi(vertx, tasks, throwing(TerminalQueries.class, false),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true, ApiAuth.off(), false,
        ManualReprint.UNAVAILABLE);
    http.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get();
    api = new Api(http.actualPort());
  }

  @AfterAll
  static void stop() throws Exception {
    http.close().toCompletionStage().toCompletableFuture().get();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private static void assertBare500(Api.Response r) {
    assertEquals(500, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals(500, r.json().getInteger("status"));
    for (String leak : new String[] {"Exception", "\tat ", "at io.", "at java.", "secret", "jdbc", "Caused by"}) {
      assertFalse(r.body().contains(leak), "response leaks '" + leak + "': " + r.body());
    }
  }

  @Test
  void failuresOnWorkerThreadsAnswerABare500() {
    assertBare500(api.get("/api/v1/tasks")); // store read throws on a worker
    assertBare500(api.get("/api/v1/tasks/t_1"));
  }

  @Test
  void failedStoreWriteAnswersABare500() {
    assertBare500(api.post("/api/v1/tasks/t_1/ack", "{\"by\":\"x\"}"));
  }

  @Test
  void exceptionThrownInsideAHandlerAnswersABare500() {
    assertBare500(api.get("/api/v1/terminals/m001/t1")); // engine query throws on the event loop
  }
}
