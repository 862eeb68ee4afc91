package io.tillwatch.harness;

import io.tillwatch.testsupport.OperatorHttpClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** TillWatch's HTTP API as an operator's tool sees it: readiness and the paged task list. */
final class HarnessApi {
  private final HttpClient http = OperatorHttpClient.builder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String base;

  HarnessApi(String base) {
    this.base = base;
  }

  /** HTTP status of a GET, -1 when nothing answers. */
  int status(String path) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).GET().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String body(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Every task, walking all pages (limit 500, nextCursor). */
  List<JsonObject> allTasks() throws IOException, InterruptedException {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = new JsonObject(body("/api/v1/tasks?limit=500" + (cursor == null ? "" : "&cursor=" + cursor)));
      JsonArray items = page.getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        out.add(items.getJsonObject(i));
      }
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return out;
  }
}
