package io.tillwatch.notify;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on a local port: records every request and answers from a script (each answer
 * once, the last one for ever); {@code hold} answers nothing, as a receiver that hangs.
 */
final class FakeReceiver implements AutoCloseable {
  /** One request as received. */
  record Received(String uri, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  /** What to answer; status 0 means do not answer. */
  record Answer(int status, String body) {}

  static final Answer OK = new Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}");
  static final Answer HOLD = new Answer(0, "");

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Deque<Answer> script = new ArrayDeque<>();

  FakeReceiver(Vertx vertx, Answer... answers) throws Exception {
    script.addAll(answers.length == 0 ? List.of(OK) : List.of(answers));
    this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      Map<String, String> headers = new TreeMap<>();
      request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      received.add(new Received(request.uri(), headers, body.toString()));
      Answer a;
      synchronized (script) {
        a = script.size() > 1 ? script.poll() : script.peek();
      }
      if (a.status() > 0) {
        request.response().setStatusCode(a.status()).putHeader("Content-Type", "application/json").end(a.body());
      }
    });
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  List<Received> received() {
    return received;
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
