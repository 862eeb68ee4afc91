package io.tillwatch.http;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * The {@code tw_session} cookie: HttpOnly (page scripts never see the id), SameSite=Strict (no
 * other site's page sends it), Path=/, Max-Age of the session's idle time, and Secure when the
 * request came over TLS (the API listener's own TLS; a proxy terminating TLS in front is the
 * proxy's business). The value is a session id, base64url, so it needs no quoting.
 */
final class SessionCookie {
  static final String NAME = "tw_session";

  private SessionCookie() {}

  /** The cookie's value as the client sent it, or null. */
  static String read(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(NAME);
    return c == null || c.getValue().isEmpty() ? null : c.getValue();
  }

  static void set(RoutingContext ctx, String id, Duration maxAge) {
    ctx.response().headers().add("Set-Cookie", header(ctx, id, maxAge.toSeconds()));
  }

  static void clear(RoutingContext ctx) {
    ctx.response().headers().add("Set-Cookie", header(ctx, "", 0));
  }

  /** Written out rather than by a cookie encoder: these exact attributes, and no Expires from the wall clock. */
  private static String header(RoutingContext ctx, String value, long maxAgeSeconds) {
    return NAME + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
        + (ctx.request().isSSL() ? "; Secure" : "");
  }
}
