package io.tillwatch.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.Principal;
import io.tillwatch.http.auth.Session;
import io.tillwatch.http.auth.Sessions;
import io.tillwatch.http.auth.TokenStore;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Who may call the API. Runs before the body is read, so an unauthenticated caller cannot make the
 * daemon buffer a body. GET and HEAD need the {@code read} role; anything else (ack, resolve) needs
 * {@code operator}. The caller's {@link Principal} is put in the routing context for the audit
 * trail ({@link #principal}).
 *
 * <ul>
 *   <li>{@link Mode#TOKEN}: {@code Authorization: Bearer <token>}, checked against the hashes of
 *       the tokens file. Missing or unknown token: 401 with {@code WWW-Authenticate: Bearer}.
 *   <li>{@link Mode#PROXY}: the fronting proxy authenticated the user and says who it is in a
 *       header (and the role in another; absent means read). Anyone who can reach the listener
 *       directly can set these headers, hence only safe with the API on loopback behind the proxy.
 *   <li>{@link Mode#OFF}: no check; the principal is absent and {@code by} is taken as given.
 * </ul>
 *
 * <p>In every mode a live console session ({@link SessionCookie}, made by {@link SessionRoutes})
 * authenticates too, as the principal that signed in. Because a browser attaches cookies by itself,
 * a change (anything but GET and HEAD) authenticated by the cookie must also echo the session's
 * CSRF token in {@code X-CSRF-Token}, which only the console's own page can have read. A session
 * ends early when its API token is revoked or its role changed (token mode), or when the proxy
 * names another user (proxy mode). Every 401 says which sign-in the console should offer
 * ({@code "authMode"}).
 */
public final class ApiAuth implements Handler<RoutingContext> {
  public enum Mode {
    TOKEN, PROXY, OFF;

    /** As in http.auth and the {@code authMode} member of a 401. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String PRINCIPAL = "tillwatch.principal";
  static final String SESSION = "tillwatch.session";
  static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String CHALLENGE = "Bearer realm=\"tillwatch\"";

  private final Mode mode;
  private final TokenStore tokens;
  private final String userHeader;
  private final String roleHeader;
  private final Sessions sessions;
  private Counter unauthenticated;
  private Counter forbidden;
  private Counter csrf;

  private ApiAuth(Mode mode, TokenStore tokens, String userHeader, String roleHeader, Sessions sessions) {
    this.mode = mode;
    this.tokens = tokens;
    this.userHeader = userHeader;
    this.roleHeader = roleHeader;
    this.sessions = sessions;
  }

  public static ApiAuth tokens(TokenStore tokens) {
    return new ApiAuth(Mode.TOKEN, tokens, null, null, defaultSessions());
  }

  public static ApiAuth proxy(String userHeader, String roleHeader) {
    return new ApiAuth(Mode.PROXY, null, userHeader, roleHeader, defaultSessions());
  }

  public static ApiAuth off() {
    return new ApiAuth(Mode.OFF, null, null, null, defaultSessions());
  }

  /** The same authentication, holding its console sessions in {@code store} (its ttl, bound and clock). */
  public ApiAuth withSessions(Sessions store) {
    return new ApiAuth(mode, tokens, userHeader, roleHeader, store);
  }

  private static Sessions defaultSessions() {
    return new Sessions(Duration.ofHours(8), Sessions.DEFAULT_MAX, Clock.systemUTC()::millis);
  }

  public Mode mode() {
    return mode;
  }

  Sessions sessions() {
    return sessions;
  }

  TokenStore tokenStore() {
    return tokens;
  }

  void bindMetrics(MeterRegistry registry) {
    String name = "tillwatch_http_auth_refused";
    String help = "API requests refused by authentication (401) or authorization (403)";
    unauthenticated = Counter.builder(name).description(help).tag("reason", "unauthenticated").register(registry);
    forbidden = Counter.builder(name).description(help).tag("reason", "forbidden").register(registry);
    csrf = Counter.builder(name).description(help).tag("reason", "csrf").register(registry);
    Gauge.builder("tillwatch_http_sessions", sessions, Sessions::size).description("Console sessions held")
        .register(registry);
    FunctionCounter.builder("tillwatch_http_sessions_started", sessions, s -> s.count(Sessions.Event.SIGNED_IN))
        .description("Console sign-ins").register(registry);
    for (Sessions.Event e : new Sessions.Event[] {Sessions.Event.SIGNED_OUT, Sessions.Event.EXPIRED, Sessions.Event.EVICTED}) {
      FunctionCounter.builder("tillwatch_http_sessions_ended", sessions, s -> s.count(e))
          .description("Console sessions ended: signed out, expired (idle, or the token revoked), evicted (bound reached)")
          .tag("reason", e.name().toLowerCase(Locale.ROOT)).register(registry);
    }
  }

  /** The session the request was authenticated by, or null. */
  static Session session(RoutingContext ctx) {
    return ctx.get(SESSION);
  }

  /** The authenticated caller, or null when authentication is off. */
  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  @Override
  public void handle(RoutingContext ctx) {
    // A bearer token, when given, is the credential (a browser never adds one by itself: no CSRF token needed).
    Session s = mode == Mode.TOKEN && ctx.request().getHeader("Authorization") != null ? null : liveSession(ctx);
    if (s != null) {
      if (!readOnly(ctx) && !csrfChecked(ctx, s)) {
        return;
      }
      ctx.put(SESSION, s);
      authorize(ctx, s.principal());
      return;
    }
    if (mode == Mode.OFF) {
      ctx.next();
      return;
    }
    Principal p = mode == Mode.TOKEN ? fromToken(ctx) : fromProxy(ctx);
    if (p == null) {
      return; // answered
    }
    authorize(ctx, p);
  }

  /** Whether the request echoes the session's CSRF token; false after answering 403. */
  boolean csrfChecked(RoutingContext ctx, Session s) {
    if (Sessions.csrfMatches(s, ctx.request().getHeader(CSRF_HEADER))) {
      return true;
    }
    count(csrf);
    Problem.send(ctx, 403, "Forbidden", "CSRF token missing or wrong: a change made with the session cookie must "
        + "carry the session's csrf in " + CSRF_HEADER);
    return false;
  }

  static boolean readOnly(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    return m == HttpMethod.GET || m == HttpMethod.HEAD;
  }

  /**
   * The live session the cookie names, or null: no cookie, unknown or expired, its token revoked or
   * its role changed since the sign-in, or the proxy now names another user or role. The last two end it.
   */
  Session liveSession(RoutingContext ctx) {
    String id = SessionCookie.read(ctx);
    Session s = id == null ? null : sessions.use(id).orElse(null);
    if (s == null) {
      return null;
    }
    Principal p = s.principal();
    boolean stale = switch (mode) {
      case TOKEN -> tokens.tokens().find(p.name()).filter(e -> e.role() == p.role()
          && HexFormat.of().formatHex(e.sha256()).equals(s.credential())).isEmpty();
      case PROXY -> {
        // Behind the proxy its headers are the truth: another user, or the same one with another role now.
        String user = ctx.request().getHeader(userHeader);
        String role = ctx.request().getHeader(roleHeader);
        yield user != null && !user.isBlank() && (!user.trim().equals(p.name())
            || (role == null || role.isBlank() ? ApiRole.READ : ApiRole.fromWire(role)) != p.role());
      }
      case OFF -> false;
    };
    if (stale) {
      sessions.drop(id);
      return null;
    }
    return s;
  }

  private void authorize(RoutingContext ctx, Principal p) {
    ApiRole needed = readOnly(ctx) ? ApiRole.READ : ApiRole.OPERATOR;
    if (!p.role().allows(needed)) {
      count(forbidden);
      if (mode == Mode.TOKEN) {
        ctx.response().putHeader("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\"");
      }
      Problem.send(ctx, 403, "Forbidden", "'" + p.name() + "' has the " + p.role().wire() + " role; this call needs "
          + needed.wire());
      return;
    }
    ctx.put(PRINCIPAL, p);
    ctx.next();
  }

  private Principal fromToken(RoutingContext ctx) {
    String h = ctx.request().getHeader("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      unauthorized(ctx, CHALLENGE, "a bearer token is required: Authorization: Bearer <token> "
          + "(create one with 'tillwatch tokens add')");
      return null;
    }
    Principal p = tokens.tokens().authenticate(h.substring(7).trim()).orElse(null);
    if (p == null) {
      unauthorized(ctx, CHALLENGE + ", error=\"invalid_token\"", "the bearer token is not valid");
    }
    return p;
  }

  /** The proxy's user and role, or null after answering 401 or 403. */
  Principal fromProxy(RoutingContext ctx) {
    String user = ctx.request().getHeader(userHeader);
    if (user == null || user.isBlank()) {
      unauthorized(ctx, null, "no authenticated user: the fronting proxy must set " + userHeader);
      return null;
    }
    if (!Principal.validName(user.trim())) {
      unauthorized(ctx, null, userHeader + " is not a usable user name (1..64 of [A-Za-z0-9_.@-], not 'tillwatch')");
      return null;
    }
    String roleText = ctx.request().getHeader(roleHeader);
    ApiRole role = roleText == null || roleText.isBlank() ? ApiRole.READ : ApiRole.fromWire(roleText);
    if (role == null) {
      count(forbidden);
      Problem.send(ctx, 403, "Forbidden", roleHeader + " must be read or operator");
      return null;
    }
    return new Principal(user.trim(), role);
  }

  /** 401, counted, with the sign-in the console should offer ({@code "authMode"}). */
  void unauthorized(RoutingContext ctx, String challenge, String detail) {
    count(unauthenticated);
    if (challenge != null) {
      ctx.response().putHeader("WWW-Authenticate", challenge);
    }
    Problem.send(ctx, 401, "Unauthorized", detail, new JsonObject().put("authMode", mode.wire()));
  }

  private static void count(Counter c) {
    if (c != null) {
      c.increment();
    }
  }
}
