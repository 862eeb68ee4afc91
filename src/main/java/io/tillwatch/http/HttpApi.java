package io.tillwatch.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.http.console.ConsoleRoutes;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tls.ServerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP surface: task API, terminal view, {@code /metrics}, health. Unknown paths and failures
 * answer with problem+json; an unexpected error is logged with its stack trace and answered with a
 * bare 500, never the trace.
 *
 * <p>The API ({@code /api/v1/...}) is behind {@link ApiAuth}. {@code /metrics} and
 * {@code /health/*} are never authenticated: either they are mounted on the API listener ahead of
 * the authentication handler, or, with a separate management listener, they are served there only.
 * The console signs in at {@code /api/v1/session} ({@link SessionRoutes}, ahead of authentication)
 * and follows {@code /api/v1/tasks/events} ({@link TaskEvents}).
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  /** Request bodies are small JSON objects (ack / resolve). */
  static final long MAX_BODY_BYTES = 16 * 1024;

  private final Vertx vertx;
  private final Router router;
  private final Router management;
  private HttpServer server;
  private HttpServer managementServer;

  /**
   * @param separateManagement true: {@code /metrics} and health only on {@link #listenManagement};
   *     false: on the API listener, exempt from authentication
   */
  public HttpApi(Vertx vertx, TaskService tasks, TerminalQueries terminals,
      PrometheusMeterRegistry registry, BooleanSupplier ready, ApiAuth auth, boolean separateManagement,
      ManualReprint reprints) {
    this(vertx, tasks, terminals, registry, ready, auth, separateManagement, reprints, TerminalRefusals.NONE);
  }

  /** @param refusals each terminal's last refused message, shown in the terminal view */
  public HttpApi(Vertx vertx, TaskService tasks, TerminalQueries terminals,
      PrometheusMeterRegistry registry, BooleanSupplier ready, ApiAuth auth, boolean separateManagement,
      ManualReprint reprints, TerminalRefusals refusals) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    auth.bindMetrics(registry);
    if (separateManagement) {
      this.management = Router.router(vertx);
      mountManagement(management, registry, ready);
      problems(management);
    } else {
      this.management = null;
      mountManagement(router, registry, ready);
    }
    new ConsoleRoutes(vertx).mount(router); // static files, no data: ahead of authentication
    OpenApiDocument.mount(router);
    router.route("/api/v1/*").handler(new JsonOnly());
    new SessionRoutes(auth).mount(router); // signing in needs no credentials yet
    // Authentication before the body is read: an unauthenticated caller gets 401 without the body being buffered.
    router.route().handler(auth);
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    TaskEvents events = new TaskEvents(vertx, auth.sessions(), tasks.index().ackDeadlines(), TaskEvents.PING_INTERVAL, TaskEvents.MAX_QUEUED_BYTES);
    events.bindMetrics(registry);
    tasks.addListener(events); // the live stream: every committed change, to every open stream
    events.mount(router); // ahead of /api/v1/tasks/:id
    new TaskRoutes(vertx, tasks, terminals, reprints).mount(router);
    new TerminalRoutes(vertx, terminals, tasks, refusals).mount(router);
    problems(router);
  }

  /** The API's operations as "METHOD /path/{param}", for the test that holds the OpenAPI document to them. */
  java.util.Set<String> apiOperations() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (io.vertx.ext.web.Route r : router.getRoutes()) {
      String path = r.getPath();
      if (path == null || !path.startsWith("/api/") || r.methods() == null) {
        continue;
      }
      for (io.vertx.core.http.HttpMethod m : r.methods()) {
        out.add(m.name() + " " + path.replaceAll(":([A-Za-z]+)", "{$1}"));
      }
    }
    return out;
  }

  private void mountManagement(Router r, PrometheusMeterRegistry registry, BooleanSupplier ready) {
    r.get("/metrics").handler(ctx -> vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
      } else {
        ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
      }
    }));
    r.get("/health/live").handler(ctx -> Json.ok(ctx, new JsonObject().put("status", "UP")));
    r.get("/health/ready").handler(ctx -> {
      boolean ok = ready.getAsBoolean();
      ctx.response().setStatusCode(ok ? 200 : 503).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("status", ok ? "UP" : "DOWN").encode());
    });
  }

  /** Unknown paths, refused methods and every failure as problem+json; stack traces only to the log. */
  private static void problems(Router r) {
    r.route().last().handler(ctx -> Problem.notFound(ctx, "no such resource"));
    r.route().failureHandler(HttpApi::failure);
    r.errorHandler(413, ctx -> Problem.send(ctx, 413, "Payload Too Large", "request body exceeds " + MAX_BODY_BYTES + " bytes"));
    r.errorHandler(405, ctx -> Problem.send(ctx, 405, "Method Not Allowed", "method not allowed on this resource"));
    r.errorHandler(500, HttpApi::failure);
  }

  private static void failure(RoutingContext ctx) {
    int status = ctx.statusCode() >= 400 && ctx.statusCode() < 600 ? ctx.statusCode() : 500;
    if (status >= 500) {
      LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    if (ctx.response().headWritten()) {
      ctx.request().connection().close(); // too late for a problem document
      return;
    }
    String detail = switch (status) {
      case 413 -> "request body exceeds " + MAX_BODY_BYTES + " bytes";
      case 500 -> "the request could not be completed; see the TillWatch log";
      default -> "the request could not be handled";
    };
    Problem.send(ctx, status, HttpResponseStatus.valueOf(status).reasonPhrase(), detail);
  }

  public Future<HttpServer> listen(String host, int port) {
    return listen(host, port, null);
  }

  /** @param tls null: plain HTTP */
  public Future<HttpServer> listen(String host, int port, ServerTls tls) {
    HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port);
    if (tls != null) {
      tls.applyTo(options);
    }
    return vertx.createHttpServer(options)
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The separate listener for {@code /metrics} and health (only when constructed with {@code separateManagement}). */
  public Future<HttpServer> listenManagement(String host, int port) {
    if (management == null) {
      throw new IllegalStateException("no separate management listener configured");
    }
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(management)
        .listen()
        .onSuccess(s -> managementServer = s);
  }

  public int actualPort() {
    return server.actualPort();
  }

  /** Port serving {@code /metrics} and health: the management listener's, else the API's. */
  public int managementPort() {
    return managementServer != null ? managementServer.actualPort() : actualPort();
  }

  public Future<Void> close() {
    Future<Void> m = managementServer == null ? Future.succeededFuture() : managementServer.close();
    Future<Void> a = server == null ? Future.succeededFuture() : server.close();
    return Future.join(m, a).mapEmpty();
  }
}
