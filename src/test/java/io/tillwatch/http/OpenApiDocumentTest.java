package io.tillwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.engine.NoTerminals;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the router agree, operation for operation. */
class OpenApiDocumentTest {
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsRouted() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      TaskService tasks = new TaskService(new InMemoryTaskRepository(), (m, t, txn) -> List.of(), new TaskIndex(),
          new TestClock(0));
      HttpApi http = new HttpApi(vertx, tasks, NoTerminals.INSTANCE, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
          () -> true, ApiAuth.off(), false, ManualReprint.UNAVAILABLE);
      http.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + http.actualPort() + OpenApiDocument.PATH)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      JsonObject doc = new JsonObject(r.body());
      assertEquals("3.0.3", doc.getString("openapi"));
      Set<String> documented = new TreeSet<>();
      JsonObject paths = doc.getJsonObject("paths");
      for (String path : paths.fieldNames()) {
        for (String method : paths.getJsonObject(path).fieldNames()) {
          if (METHODS.contains(method)) {
            documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
          }
        }
      }
      assertEquals(http.apiOperations(), documented);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
