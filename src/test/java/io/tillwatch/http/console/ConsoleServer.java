package io.tillwatch.http.console;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.engine.NoTerminals;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.http.ApiAuth;
import io.tillwatch.http.HttpApi;
import io.tillwatch.http.ManualReprint;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import io.tillwatch.testsupport.OperatorHttpClient;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real HTTP surface (the daemon's {@link HttpApi}, so the console is mounted where the daemon
 * mounts it) with the API behind proxy authentication: a request without the identity header is
 * refused by the API, so a console file answered 200 proves it is served ahead of authentication.
 */
final class ConsoleServer implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final HttpApi http;
  private final HttpClient client = OperatorHttpClient.builder().connectTimeout(Duration.ofSeconds(5)).build();

  ConsoleServer() throws Exception {
    TaskService tasks = new TaskService(new InMemoryTaskRepository(), (m, t, txn) -> List.of(), new TaskIndex(),
        new TestClock(1_000));
    TerminalQueries none = NoTerminals.INSTANCE;
    http = new HttpApi(vertx, tasks, none, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> true,
        ApiAuth.proxy("X-Auth-User", "X-Auth-Role"), false, ManualReprint.UNAVAILABLE);
    http.listen("127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  int port() {
    return http.actualPort();
  }

  HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
        .timeout(Duration.ofSeconds(10)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The status line's code for a request line sent byte for byte (no client normalizes the path). */
  int rawStatus(String target) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(head.substring(9, 12));
    }
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
