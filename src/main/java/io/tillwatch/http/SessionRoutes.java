package io.tillwatch.http;

import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.ApiTokens;
import io.tillwatch.http.auth.Principal;
import io.tillwatch.http.auth.Session;
import io.tillwatch.http.auth.Sessions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Instant;
import java.util.HexFormat;

/**
 * {@code /api/v1/session}: the console signs in once (POST), asks who it is (GET) and signs out
 * (DELETE). Mounted ahead of {@link ApiAuth}, since signing in is how a browser gets credentials:
 * with an API token (token mode), as whoever the fronting proxy names (proxy mode), or under an
 * unverified name as an operator (off). The body of a session carries the CSRF token the console
 * echoes on changes; it is never cached.
 */
final class SessionRoutes {
  static final String PATH = "/api/v1/session";
  /** A sign-in body is one short field. */
  private static final long MAX_BODY_BYTES = 4096;

  private final ApiAuth auth;
  private final Sessions sessions;

  SessionRoutes(ApiAuth auth) {
    this.auth = auth;
    this.sessions = auth.sessions();
  }

  void mount(Router router) {
    router.post(PATH).handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).handler(this::signIn);
    router.get(PATH).handler(this::whoAmI);
    router.delete(PATH).handler(this::signOut);
  }

  private void signIn(RoutingContext ctx) {
    JsonObject body = ctx.body().length() <= 0 ? new JsonObject() : Json.body(ctx);
    if (body == null) {
      return;
    }
    String credential = null;
    Principal p;
    switch (auth.mode()) {
      case TOKEN -> {
        Object token = body.getValue("token");
        p = token instanceof String t ? auth.tokenStore().tokens().authenticate(t.trim()).orElse(null) : null;
        if (p == null) {
          auth.unauthorized(ctx, null, token instanceof String ? "the token is not valid"
              : "field 'token' is required: an API token (create one with 'tillwatch tokens add')");
          return;
        }
        credential = HexFormat.of().formatHex(ApiTokens.sha256(((String) token).trim()));
      }
      case PROXY -> p = auth.fromProxy(ctx);
      default -> {
        String name = Json.requiredText(ctx, body, "name", 64);
        if (name == null) {
          return;
        }
        if (!Principal.validSelfName(name)) {
          Problem.badRequest(ctx, "field 'name' must be 1..64 letters or digits (any script), spaces and _.@-, "
              + "starting with a letter or digit, not 'tillwatch'");
          return;
        }
        p = new Principal(name, ApiRole.OPERATOR);
      }
    }
    if (p == null) {
      return; // the proxy check answered
    }
    String previous = SessionCookie.read(ctx);
    if (previous != null) {
      sessions.end(previous); // one browser, one session
    }
    answer(ctx, sessions.create(p, credential));
  }

  private void whoAmI(RoutingContext ctx) {
    Session s = auth.liveSession(ctx);
    if (s == null) {
      if (SessionCookie.read(ctx) != null) {
        SessionCookie.clear(ctx);
      }
      auth.unauthorized(ctx, null, "no session: sign in with POST " + PATH);
      return;
    }
    answer(ctx, s); // the idle time restarted: so does the cookie's
  }

  private void signOut(RoutingContext ctx) {
    Session s = auth.liveSession(ctx);
    if (s != null) {
      if (!auth.csrfChecked(ctx, s)) {
        return;
      }
      sessions.end(s.id());
    }
    SessionCookie.clear(ctx);
    ctx.response().setStatusCode(204).end();
  }

  private void answer(RoutingContext ctx, Session s) {
    SessionCookie.set(ctx, s.id(), sessions.ttl());
    ctx.response().putHeader("Cache-Control", "no-store");
    Json.ok(ctx, new JsonObject()
        .put("name", s.principal().name())
        .put("role", s.principal().role().wire())
        .put("csrf", s.csrf())
        .put("expiresAt", Instant.ofEpochMilli(s.expiresAtMs()).toString())
        .put("authMode", auth.mode().wire()));
  }
}
