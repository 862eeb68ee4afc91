package io.tillwatch.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Small helpers for JSON responses and request bodies. */
final class Json {
  private Json() {}

  static void ok(RoutingContext ctx, Object body) {
    String text = body instanceof JsonObject j ? j.encode() : io.vertx.core.json.Json.encode(body);
    ctx.response().putHeader("Content-Type", "application/json").end(text);
  }

  /** The request body as an object, or null after answering 400. */
  static JsonObject body(RoutingContext ctx) {
    try {
      JsonObject o = ctx.body().asJsonObject();
      if (o == null) {
        Problem.badRequest(ctx, "a JSON object body is required");
      }
      return o;
    } catch (RuntimeException e) {
      Problem.badRequest(ctx, "the body is not a JSON object");
      return null;
    }
  }

  /** A required short text field, or null after answering 400. */
  static String requiredText(RoutingContext ctx, JsonObject body, String field, int maxLength) {
    Object v = body.getValue(field);
    if (!(v instanceof String s) || s.isBlank()) {
      Problem.badRequest(ctx, "field '" + field + "' is required (a non-empty string)");
      return null;
    }
    if (s.length() > maxLength) {
      Problem.badRequest(ctx, "field '" + field + "' is longer than " + maxLength + " characters");
      return null;
    }
    return s;
  }
}
