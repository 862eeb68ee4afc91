package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A running TillWatch's HTTP API as the tools read it: the journal-committed txn events counter
 * from /metrics (what the daemon took, whichever way the events came in: its own endpoint or a
 * broker) and the findings from the paged task list.
 */
public final class TillWatchApi {
  /** Accepted (journaled) txn events, one series per event type; duplicates are counted apart and not here. */
  static final String COMMITTED_SERIES = "tillwatch_txn_events_total{";

  // HTTP/1.1 like curl and Prometheus: the JDK client's default h2c upgrade can lose response bytes
  // when the 101 and more than 16 KiB of HTTP/2 data arrive in one read (a large /metrics does).
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  /** {@code token}: a bearer token for the task list, null when the daemon runs with {@code http.auth=off}. */
  public TillWatchApi(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** Sum of the committed txn event series. */
  public double committedEvents() throws IOException, InterruptedException {
    double sum = 0;
    for (String line : get("/metrics").split("\n")) {
      if (line.startsWith(COMMITTED_SERIES)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Every task, open or not, as a finding (kind, merchant, terminal, subject). */
  public List<ObservedFinding> findings() throws IOException, InterruptedException {
    return tasks().stream().map(ObservedTask::finding).toList();
  }

  /** Every task, open or not, with where it stands: state, resolution and the back-office follow-up. */
  public List<ObservedTask> tasks() throws IOException, InterruptedException {
    List<ObservedTask> out = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = new JsonObject(get("/api/v1/tasks?limit=500"
          + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))));
      JsonArray items = page.getJsonArray("items");
      for (int i = 0; i < items.size(); i++) {
        JsonObject t = items.getJsonObject(i);
        out.add(task(t));
      }
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return out;
  }

  /**
   * One task of the list. {@code resolution} is read as the resolution's name, or as an object with
   * {@code how} (and {@code by}); {@code resolvedBy} at the top level names who resolved it; {@code followUp}
   * may be absent (no back office configured, or a daemon without follow-ups).
   */
  static ObservedTask task(JsonObject t) {
    Object res = t.getValue("resolution");
    String how = res instanceof String s ? s : res instanceof JsonObject o ? o.getString("how") : null;
    String by = t.getValue("resolvedBy") instanceof String s ? s : res instanceof JsonObject o && o.getValue("by") instanceof String b ? b : null;
    JsonObject f = t.getValue("followUp") instanceof JsonObject o ? o : null;
    return new ObservedTask(FindingKind.valueOf(t.getString("kind")), t.getString("merchant"), t.getString("terminal"),
        t.getString("subject"), t.getString("state"), how, by, f == null ? null : f.getString("state"),
        f == null ? null : f.getString("nextStep"), t.getString("detectedAt") == null ? 0 : Instant.parse(t.getString("detectedAt")).toEpochMilli());
  }

  private String get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " -> " + r.statusCode());
    }
    return r.body();
  }
}
