package io.tillwatch.acquirer;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.TimeUnit;

/** A local HTTP server on an ephemeral port, for a fake back office. */
public final class FakeServer implements AutoCloseable {
  private final HttpServer server;

  public FakeServer(Vertx vertx, Handler<HttpServerRequest> handler) throws Exception {
    this.server = vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
