package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) in its own process on a loopback
 * port, and the few calls of its HTTP API the proof needs.
 */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");

  /** What {@code /api/v1/query} answered: status "success" or "error", and the result or the error text. */
  record QueryResult(String status, String error, JsonArray result) {
    boolean ok() {
      return "success".equals(status);
    }

    boolean hasData() {
      return ok() && result != null && !result.isEmpty();
    }

    /** The value of a one-sample instant vector, or NaN. */
    double scalar() {
      if (!hasData()) {
        return Double.NaN;
      }
      return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
    }
  }

  final int port;
  final Path log;
  private final Process process;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Installs the Debian package when the binary is missing (the tests run as root in CI;
   * scripts/test.sh installs it first anyway), or fails saying how to get it.
   */
  static void ensureInstalled() throws IOException, InterruptedException {
    if (Files.isExecutable(BINARY)) {
      return;
    }
    String[][] attempts = {{"apt-get", "install", "-y", "-q", "prometheus"}, {"apt-get", "update", "-q"},
        {"apt-get", "install", "-y", "-q", "prometheus"}};
    for (String[] cmd : attempts) {
      if (Files.isExecutable(BINARY)) {
        break;
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
      try {
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
          p.destroyForcibly();
        }
      } catch (IOException e) {
        break; // no apt-get here
      }
    }
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing and 'apt-get install -y prometheus' did not provide it; "
          + "install Debian's prometheus package (scripts/test.sh does) and run the test again");
    }
  }

  /** Starts Prometheus with the given config and waits for {@code /-/ready}. */
  static PrometheusServer start(Path config, Path storage, Path log, int port) throws IOException {
    List<String> cmd = List.of(BINARY.toString(), "--config.file=" + config, "--storage.tsdb.path=" + storage,
        "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle", "--log.level=warn");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    PrometheusServer s = new PrometheusServer(p, port, log);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .failFast("prometheus exited; see " + log, () -> !p.isAlive())
        .until(() -> s.status("/-/ready") == 200);
    return s;
  }

  int status(String path) {
    try {
      return send(path).statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  /** An instant query at the current time. */
  QueryResult query(String promql) {
    JsonObject body = getJson("/api/v1/query?query=" + encode(promql));
    JsonObject data = body.getJsonObject("data");
    return new QueryResult(body.getString("status"), body.getString("error"),
        data == null ? null : data.getJsonArray("result"));
  }

  /** Label values over the series matching a selector, the call Grafana makes for {@code label_values()}. */
  QueryResult labelValues(String label, String matchSelector) {
    String path = "/api/v1/label/" + encode(label) + "/values" + (matchSelector == null ? "" : "?match[]=" + encode(matchSelector));
    JsonObject body = getJson(path);
    return new QueryResult(body.getString("status"), body.getString("error"), body.getJsonArray("data"));
  }

  JsonArray alerts() {
    return getJson("/api/v1/alerts").getJsonObject("data").getJsonArray("alerts");
  }

  JsonArray ruleGroups() {
    return getJson("/api/v1/rules").getJsonObject("data").getJsonArray("groups");
  }

  JsonObject getJson(String path) {
    try {
      HttpResponse<String> r = send(path);
      try {
        return new JsonObject(r.body());
      } catch (RuntimeException e) {
        throw new AssertionError("GET " + path + " -> " + r.statusCode() + " (not JSON): " + r.body());
      }
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    }
  }

  private HttpResponse<String> send(String path) throws IOException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).GET()
        .build();
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** SIGTERM, then SIGKILL if it does not stop within 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
