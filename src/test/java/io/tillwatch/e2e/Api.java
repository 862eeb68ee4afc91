package io.tillwatch.e2e;

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

/** A plain HTTP client for TillWatch's API, as an operator's tool would use it (HTTP/1.1: see {@link OperatorHttpClient}). */
public final class Api {
  public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
    Response(int status, String contentType, String body) {
      this(status, contentType, body, java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
    }

    public JsonObject json() {
      return new JsonObject(body);
    }

    public String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  private final HttpClient http;
  private final String base;
  private final java.util.Map<String, String> headers;

  Api(int port) {
    this("http://127.0.0.1:" + port, java.util.Map.of(), OperatorHttpClient.builder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  private Api(String base, java.util.Map<String, String> headers, HttpClient http) {
    this.base = base;
    this.headers = headers;
    this.http = http;
  }

  /** The API over HTTPS with this TLS context (its trusted CAs, and a client certificate if it has one). */
  static Api https(int port, javax.net.ssl.SSLContext tls) {
    return new Api("https://127.0.0.1:" + port, java.util.Map.of(),
        OperatorHttpClient.builder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build());
  }

  /** The same API with these request headers on every call (e.g. Authorization, proxy identity headers). */
  public Api withHeaders(java.util.Map<String, String> more) {
    java.util.Map<String, String> h = new java.util.LinkedHashMap<>(headers);
    h.putAll(more);
    return new Api(base, h, http);
  }

  public Api withToken(String token) {
    return withHeaders(java.util.Map.of("Authorization", "Bearer " + token));
  }

  public Response get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Response post(String path, String json) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private Response send(HttpRequest.Builder b) {
    try {
      headers.forEach(b::header);
      HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), r.headers());
    } catch (IOException e) {
      return new Response(-1, "", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every task matching the query, walking all pages. */
  public List<JsonObject> tasks(String query) {
    List<JsonObject> out = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/api/v1/tasks?limit=500" + (query.isEmpty() ? "" : "&" + query) + (cursor == null ? "" : "&cursor=" + cursor);
      Response r = get(path);
      if (r.status() != 200) {
        throw new AssertionError("GET " + path + " -> " + r.status() + " " + r.body());
      }
      JsonObject page = r.json();
      JsonArray items = page.getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        out.add(items.getJsonObject(i));
      }
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return out;
  }

  /** Value of one Prometheus sample (name with labels exactly as exposed), or NaN when absent. */
  public double metric(String nameWithLabels) {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(nameWithLabels + " ")) {
        return Double.parseDouble(line.substring(nameWithLabels.length() + 1).trim());
      }
    }
    return Double.NaN;
  }
}
