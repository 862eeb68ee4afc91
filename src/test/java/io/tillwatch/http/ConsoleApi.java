package io.tillwatch.http;

import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.NoTerminals;
import io.tillwatch.engine.Severity;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import io.tillwatch.testsupport.OperatorHttpClient;
import io.tillwatch.tls.ServerTls;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The real HTTP API on a free port over an in-memory task service, for the console's tests
 * (sessions, CSRF, the live stream): requests with exactly the headers a test gives, so cookies
 * and CSRF tokens are visible in the test.
 */
final class ConsoleApi implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final TestClock clock = new TestClock(1_700_000_000_000L);
  final TaskService tasks = new TaskService(new InMemoryTaskRepository(), (m, t, txn) -> List.of(), new TaskIndex(), clock);
  final List<TaskChange> changes = new CopyOnWriteArrayList<>();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HttpApi http;
  private final HttpClient client;
  private final String scheme;

  ConsoleApi(ApiAuth auth) throws Exception {
    this(auth, null, null);
  }

  /** Over HTTPS with this server TLS, the client trusting it through {@code clientTls}. */
  ConsoleApi(ApiAuth auth, ServerTls tls, SSLContext clientTls) throws Exception {
    tasks.addListener(changes::add);
    TerminalQueries noTerminals = NoTerminals.INSTANCE;
    http = new HttpApi(vertx, tasks, noTerminals, registry, () -> true, auth, false, ManualReprint.UNAVAILABLE);
    http.listen("127.0.0.1", 0, tls).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    HttpClient.Builder b = OperatorHttpClient.builder().connectTimeout(Duration.ofSeconds(5));
    client = clientTls == null ? b.build() : b.sslContext(clientTls).build();
    scheme = tls == null ? "http" : "https";
  }

  /** Raises an unprinted-receipt finding for the sale and waits for its task; returns the task's id. */
  String raise(String merchant, String txn) {
    int before = changes.size();
    tasks.raised(new Finding(new FindingKey(FindingKind.UNPRINTED_RECEIPT, merchant, "t0001", txn), Severity.WARNING, txn,
        12_850, "CNY", "433412345678", "622848******1234", 1_000, 1_001, null, "Authorized, no receipt printed."));
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() > before);
    return changes.get(changes.size() - 1).task().id();
  }

  URI uri(String path) {
    return URI.create(scheme + "://127.0.0.1:" + http.actualPort() + path);
  }

  HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
  }

  HttpResponse<String> post(String path, String json, Map<String, String> headers) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)), headers);
  }

  HttpResponse<String> delete(String path, Map<String, String> headers) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
  }

  HttpResponse<String> send(HttpRequest.Builder b, Map<String, String> headers) throws Exception {
    headers.forEach(b::header);
    return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One sample of the registry, e.g. {@code tillwatch_http_auth_refused_total{reason="csrf"}}; NaN when absent. */
  double metric(String nameWithLabels) {
    for (String line : registry.scrape().split("\n")) {
      if (line.startsWith(nameWithLabels + " ")) {
        return Double.parseDouble(line.substring(nameWithLabels.length() + 1).trim());
      }
    }
    return Double.NaN;
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
