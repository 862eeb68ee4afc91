package io.tillwatch.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.Principal;
import io.tillwatch.http.auth.TokenStore;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

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
 */
public final class ApiAuth implements Handler<RoutingContext> {
  public enum Mode { TOKEN, PROXY, OFF }

  static final String PRINCIPAL = "tillwatch.principal";
  private static final String CHALLENGE = "Bearer realm=\"tillwatch\"";

  private final Mode mode;
  private final TokenStore tokens;
  private final String userHeader;
  private final String roleHeader;
  private Counter unauthenticated;
  private Counter forbidden;

  private ApiAuth(Mode mode, TokenStore tokens, String userHeader, String roleHeader) {
    this.mode = mode;
    this.tokens = tokens;
    this.userHeader = userHeader;
    this.roleHeader = roleHeader;
  }

  public static ApiAuth tokens(TokenStore tokens) {
    return new ApiAuth(Mode.TOKEN, tokens, null, null);
  }

  public static ApiAuth proxy(String userHeader, String roleHeader) {
    return new ApiAuth(Mode.PROXY, null, userHeader, roleHeader);
  }

  public static ApiAuth off() {
    return new ApiAuth(Mode.OFF, null, null, null);
  }

  public Mode mode() {
    return mode;
  }

  void bindMetrics(MeterRegistry registry) {
    String name = "tillwatch_http_auth_refused";
    String help = "API requests refused by authentication (401) or authorization (403)";
    unauthenticated = Counter.builder(name).description(help).tag("reason", "unauthenticated").register(registry);
    forbidden = Counter.builder(name).description(help).tag("reason", "forbidden").register(registry);
  }

  /** The authenticated caller, or null when authentication is off. */
  static Principal principal(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (mode == Mode.OFF) {
      ctx.next();
      return;
    }
    Principal p = mode == Mode.TOKEN ? fromToken(ctx) : fromProxy(ctx);
    if (p == null) {
      return; // answered
    }
    HttpMethod m = ctx.request().method();
    ApiRole needed = m == HttpMethod.GET || m == HttpMethod.HEAD ? ApiRole.READ : ApiRole.OPERATOR;
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

  private Principal fromProxy(RoutingContext ctx) {
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

  private void unauthorized(RoutingContext ctx, String challenge, String detail) {
    count(unauthenticated);
    if (challenge != null) {
      ctx.response().putHeader("WWW-Authenticate", challenge);
    }
    Problem.send(ctx, 401, "Unauthorized", detail);
  }

  private static void count(Counter c) {
    if (c != null) {
      c.increment();
    }
  }
}
