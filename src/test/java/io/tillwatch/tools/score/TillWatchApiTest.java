package io.tillwatch.tools.score;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tillwatch.engine.FindingKind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TillWatchApiTest {
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private HttpServer server;
  private URI base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/api/v1/tasks", x -> {
      authorizations.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
      boolean secondPage = x.getRequestURI().getQuery().contains("cursor=c+1") || x.getRequestURI().getQuery().contains("cursor=c%201");
      reply(x, secondPage
          ? "{\"items\":[{\"kind\":\"TERMINAL_SILENT\",\"merchant\":\"m001\",\"terminal\":\"t2\",\"subject\":\"silent@5\"}],\"nextCursor\":null}"
          : "{\"items\":[{\"kind\":\"UNPRINTED_RECEIPT\",\"merchant\":\"m001\",\"terminal\":\"t1\",\"subject\":\"s1\"}],\"nextCursor\":\"c 1\"}");
    });
    server.createContext("/metrics", x -> reply(x, """
        # TYPE tillwatch_txn_events_total counter
        tillwatch_txn_events_total{event="STARTED"} 3.0
        tillwatch_txn_events_total{event="PRINTED"} 2.0
        tillwatch_txn_duplicates_total 9.0
        """));
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void findingsFollowTheCursorThroughEveryPageWithTheToken() throws Exception {
    List<ObservedFinding> found = new TillWatchApi(base, "tw_secret").findings();
    assertEquals(List.of(new ObservedFinding(FindingKind.UNPRINTED_RECEIPT, "m001", "t1", "s1"),
        new ObservedFinding(FindingKind.TERMINAL_SILENT, "m001", "t2", "silent@5")), found);
    assertEquals(List.of("Bearer tw_secret", "Bearer tw_secret"), authorizations);
  }

  @Test
  void withoutATokenNoAuthorizationIsSent() throws Exception {
    new TillWatchApi(base, null).findings();
    assertEquals(List.of("null", "null"), authorizations);
  }

  @Test
  void committedEventsSumTheTxnEventSeriesOnly() throws Exception {
    assertEquals(5.0, new TillWatchApi(base, null).committedEvents());
  }

  private static void reply(HttpExchange x, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(200, bytes.length);
    try (var out = x.getResponseBody()) {
      out.write(bytes);
    }
  }
}
