package io.tillwatch.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 9457 problem details: every error the API returns, as {@code application/problem+json}, never a stack trace. */
final class Problem {
  private Problem() {}

  static void send(RoutingContext ctx, int status, String title, String detail) {
    send(ctx, status, title, detail, new JsonObject());
  }

  /** A problem with extension members (RFC 9457 section 3.2), e.g. the sign-in the console should offer. */
  static void send(RoutingContext ctx, int status, String title, String detail, JsonObject extensions) {
    JsonObject body = new JsonObject()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status)
        .put("detail", detail)
        .put("instance", ctx.request().path());
    extensions.forEach(e -> body.put(e.getKey(), e.getValue()));
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/problem+json")
        .end(body.encode());
  }

  static void badRequest(RoutingContext ctx, String detail) {
    send(ctx, 400, "Bad Request", detail);
  }

  static void notFound(RoutingContext ctx, String detail) {
    send(ctx, 404, "Not Found", detail);
  }
}
