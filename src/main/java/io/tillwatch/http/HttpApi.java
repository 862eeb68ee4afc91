package io.tillwatch.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.store.EventJournal;
import io.tillwatch.tasks.TaskService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP surface: task API, terminal view, {@code /metrics}, health. Unknown paths and failures
 * answer with problem+json; an unexpected error is logged with its stack trace and answered with a
 * bare 500, never the trace.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  /** Request bodies are small JSON objects (ack / resolve). */
  static final long MAX_BODY_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final Router router;
  private HttpServer server;

  public HttpApi(Vertx vertx, TaskService tasks, EventJournal journal, TerminalQueries terminals,
      PrometheusMeterRegistry registry, BooleanSupplier ready) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    new TaskRoutes(vertx, tasks, journal).mount(router);
    new TerminalRoutes(terminals).mount(router);
    router.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
      }
    }));
    router.get("/health/live").handler(ctx -> Json.ok(ctx, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(ctx -> {
      boolean ok = ready.getAsBoolean();
      ctx.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("status", ok ? "UP" : "DOWN").encode());
    });
    router.route().last().handler(ctx -> Problem.notFound(ctx, "no such resource"));
    router.errorHandler(413, ctx -> Problem.send(ctx, 413, "Payload Too Large", "request body exceeds " + MAX_BODY_BYTES + " bytes"));
    router.errorHandler(405, ctx -> Problem.send(ctx, 405, "Method Not Allowed", "method not allowed on this resource"));
    router.errorHandler(500, ctx -> {
      if (ctx.failure() != null) {
        LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
      }
      Problem.send(ctx, 500, "Internal Server Error", "the request could not be completed; see the TillWatch log");
    });
  }

  public Future<HttpServer> listen(String host, int port) {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
