package io.tillwatch.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.ApiTokens;
import io.tillwatch.http.auth.Sessions;
import io.tillwatch.http.auth.TokenStore;
import io.tillwatch.tasks.TestClock;
import io.tillwatch.tls.ServerTls;
import io.tillwatch.tls.TestPki;
import io.tillwatch.tls.TlsSettings;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Console sessions over real HTTP, in each http.auth mode: sign-in, the cookie's attributes, the
 * CSRF rule for changes made with the cookie, roles, JSON-only bodies, sign-out and expiry.
 */
class ConsoleSessionTest {
  private static final Map<String, String> NONE = Map.of();

  @TempDir
  Path dir;

  private final TestClock clock = new TestClock(1_700_000_000_000L);
  private ConsoleApi api;
  private String aliceToken;
  private String bobToken;
  private TokenStore tokens;

  @AfterEach
  void stop() throws Exception {
    if (api != null) {
      api.close();
    }
  }

  private ConsoleApi tokenMode() throws Exception {
    aliceToken = ApiTokens.newToken();
    bobToken = ApiTokens.newToken();
    ApiTokens.empty()
        .with(new ApiTokens.Entry("alice", ApiRole.OPERATOR, ApiTokens.sha256(aliceToken)))
        .with(new ApiTokens.Entry("bob", ApiRole.READ, ApiTokens.sha256(bobToken)))
        .write(dir.resolve("tokens"));
    tokens = new TokenStore(dir.resolve("tokens"));
    tokens.reloadIfChanged();
    return start(ApiAuth.tokens(tokens).withSessions(new Sessions(Duration.ofHours(8), 100, clock::millis)));
  }

  private ConsoleApi start(ApiAuth auth) throws Exception {
    api = new ConsoleApi(auth);
    return api;
  }

  /** A session made by POST /api/v1/session: its cookie header and its body. */
  private record Signed(String cookie, JsonObject body, String setCookie) {
    Map<String, String> withCookie() {
      return Map.of("Cookie", cookie);
    }

    Map<String, String> withCsrf() {
      return Map.of("Cookie", cookie, "X-CSRF-Token", body.getString("csrf"));
    }
  }

  private Signed signIn(String body, Map<String, String> headers) throws Exception {
    HttpResponse<String> r = api.post("/api/v1/session", body, headers);
    assertEquals(200, r.statusCode(), r.body());
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return new Signed(setCookie.substring(0, setCookie.indexOf(';')), new JsonObject(r.body()), setCookie);
  }

  /** The same token with its first character changed. */
  private static String otherThan(String csrf) {
    return (csrf.charAt(0) == 'A' ? "B" : "A") + csrf.substring(1);
  }

  private static void assertUnauthorized(HttpResponse<String> r, String authMode) {
    assertEquals(401, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertEquals(authMode, new JsonObject(r.body()).getString("authMode"), r.body());
  }

  @Test
  void tokenModeSignsInWithATokenAndTheCookieCarriesTheSession() throws Exception {
    tokenMode();
    assertUnauthorized(api.get("/api/v1/session", NONE), "token");
    assertUnauthorized(api.get("/api/v1/tasks", NONE), "token");
    assertUnauthorized(api.post("/api/v1/session", "{\"token\":\"tw_wrong\"}", NONE), "token");
    assertUnauthorized(api.post("/api/v1/session", "{}", NONE), "token");

    Signed alice = signIn("{\"token\":\"" + aliceToken + "\"}", NONE);
    assertEquals("alice", alice.body().getString("name"));
    assertEquals("operator", alice.body().getString("role"));
    assertEquals("token", alice.body().getString("authMode"));
    assertEquals(43, alice.body().getString("csrf").length(), "256 bits, base64url");
    assertEquals(Instant.ofEpochMilli(clock.millis()).plus(Duration.ofHours(8)).toString(),
        alice.body().getString("expiresAt"));

    String c = alice.setCookie();
    assertTrue(c.matches("tw_session=[A-Za-z0-9_-]{43};.*"), c);
    for (String attribute : List.of("Path=/", "Max-Age=28800", "HttpOnly", "SameSite=Strict")) {
      assertTrue(c.contains(attribute), attribute + " in " + c);
    }
    assertFalse(c.contains("Secure"), "plain HTTP: no Secure attribute: " + c);
    assertFalse(c.contains(aliceToken) || c.contains(alice.body().getString("csrf")), "the cookie holds only the id");

    HttpResponse<String> who = api.get("/api/v1/session", alice.withCookie());
    assertEquals(200, who.statusCode(), who.body());
    assertEquals(alice.body().getString("csrf"), new JsonObject(who.body()).getString("csrf"));
    assertEquals("no-store", who.headers().firstValue("Cache-Control").orElse(""));
    assertEquals(404, api.get("/api/v1/tasks/t_NOPE", alice.withCookie()).statusCode(), "the cookie authenticates a GET");
    assertEquals(1.0, api.metric("tillwatch_http_sessions"));
    assertEquals(1.0, api.metric("tillwatch_http_sessions_started_total"));
  }

  @Test
  void aChangeMadeWithTheCookieNeedsTheCsrfTokenAndIsRecordedAsThePrincipal() throws Exception {
    tokenMode();
    String id = api.raise("m001", "s1");
    Signed alice = signIn("{\"token\":\"" + aliceToken + "\"}", NONE);

    HttpResponse<String> missing = api.post("/api/v1/tasks/" + id + "/ack", "{}", alice.withCookie());
    assertEquals(403, missing.statusCode(), missing.body());
    assertTrue(new JsonObject(missing.body()).getString("detail").startsWith("CSRF token missing or wrong"));
    HttpResponse<String> wrong = api.post("/api/v1/tasks/" + id + "/ack", "{}",
        Map.of("Cookie", alice.cookie(), "X-CSRF-Token", otherThan(alice.body().getString("csrf"))));
    assertEquals(403, wrong.statusCode(), wrong.body());
    assertEquals(2.0, api.metric("tillwatch_http_auth_refused_total{reason=\"csrf\"}"));
    assertEquals(1, api.changes.size(), "a refused change changes nothing");

    HttpResponse<String> ack = api.post("/api/v1/tasks/" + id + "/ack", "{}", alice.withCsrf());
    assertEquals(200, ack.statusCode(), ack.body());
    assertEquals("alice", api.tasks.history(id).get(1).by(), "the session's principal, no 'by' needed");

    // a bearer token needs no CSRF token, as before, even beside a cookie: the token is the credential then
    HttpResponse<String> bearer = api.post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"REPRINTED\"}",
        Map.of("Authorization", "Bearer " + aliceToken, "Cookie", alice.cookie()));
    assertEquals(200, bearer.statusCode(), bearer.body());
  }

  @Test
  void aReadRoleSessionReadsButItsPostIs403EvenWithTheCsrfToken() throws Exception {
    tokenMode();
    String id = api.raise("m001", "s1");
    Signed bob = signIn("{\"token\":\"" + bobToken + "\"}", NONE);
    assertEquals("read", bob.body().getString("role"));
    assertEquals(200, api.get("/api/v1/tasks/" + id, bob.withCookie()).statusCode());
    HttpResponse<String> forged = api.post("/api/v1/tasks/" + id + "/ack", "{}", bob.withCsrf());
    assertEquals(403, forged.statusCode(), forged.body());
    assertEquals(1.0, api.metric("tillwatch_http_auth_refused_total{reason=\"forbidden\"}"));
    assertEquals(1, api.changes.size());
  }

  @Test
  void aBodyThatIsNotJsonIs415() throws Exception {
    tokenMode();
    String id = api.raise("m001", "s1");
    Signed alice = signIn("{\"token\":\"" + aliceToken + "\"}", NONE);
    for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain")) {
      HttpRequest.Builder form = HttpRequest.newBuilder(api.uri("/api/v1/tasks/" + id + "/ack")).header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString("by=mallory"));
      HttpResponse<String> r = api.send(form, alice.withCsrf());
      assertEquals(415, r.statusCode(), type + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }
    HttpResponse<String> noType = api.send(HttpRequest.newBuilder(api.uri("/api/v1/tasks/" + id + "/ack"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")), Map.of("Authorization", "Bearer " + aliceToken));
    assertEquals(415, noType.statusCode(), noType.body());
    HttpResponse<String> signInForm = api.send(HttpRequest.newBuilder(api.uri("/api/v1/session"))
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + aliceToken + "\"}")),
        NONE);
    assertEquals(415, signInForm.statusCode(), signInForm.body());
    assertEquals(1, api.changes.size());
    HttpResponse<String> charset = api.post("/api/v1/tasks/" + id + "/ack", "{}",
        Map.of("Authorization", "Bearer " + aliceToken, "Content-Type", "application/json; charset=utf-8"));
    assertEquals(200, charset.statusCode(), charset.body());
  }

  @Test
  void overTlsTheCookieIsSecure() throws Exception {
    TestPki pki = TestPki.create(dir, "ca");
    TestPki.Issued cert = pki.server("api");
    ServerTls tls = ServerTls.load(new TlsSettings("http.tls", cert.certFile().toString(), cert.keyFile().toString(), "", "",
        TlsSettings.ClientAuth.NONE, ""));
    api = new ConsoleApi(ApiAuth.off(), tls, pki.clientContext());
    Signed carol = signIn("{\"name\":\"carol\"}", NONE);
    assertTrue(carol.setCookie().endsWith("; HttpOnly; SameSite=Strict; Secure"), carol.setCookie());
    HttpResponse<String> out = api.delete("/api/v1/session", carol.withCsrf());
    assertEquals(204, out.statusCode());
    assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("; Secure"));
  }

  @Test
  void signOutEndsTheSessionAndClearsTheCookie() throws Exception {
    tokenMode();
    Signed alice = signIn("{\"token\":\"" + aliceToken + "\"}", NONE);
    assertEquals(403, api.delete("/api/v1/session", alice.withCookie()).statusCode(), "signing out is a change: CSRF");

    HttpResponse<String> out = api.delete("/api/v1/session", alice.withCsrf());
    assertEquals(204, out.statusCode(), out.body());
    String cleared = out.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cleared.startsWith("tw_session=;") && cleared.contains("Max-Age=0") && cleared.contains("Path=/"), cleared);
    assertUnauthorized(api.get("/api/v1/session", alice.withCookie()), "token");
    assertUnauthorized(api.get("/api/v1/tasks", alice.withCookie()), "token");
    assertEquals(204, api.delete("/api/v1/session", alice.withCookie()).statusCode(), "signing out twice is harmless");
    assertEquals(1.0, api.metric("tillwatch_http_sessions_ended_total{reason=\"signed_out\"}"));
  }

  @Test
  void aRevokedTokenEndsItsSessions() throws Exception {
    tokenMode();
    Signed alice = signIn("{\"token\":\"" + aliceToken + "\"}", NONE);
    ApiTokens.empty().with(new ApiTokens.Entry("bob", ApiRole.READ, ApiTokens.sha256(bobToken))).write(dir.resolve("tokens"));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(tokens::reloadIfChanged);
    assertUnauthorized(api.get("/api/v1/tasks", alice.withCookie()), "token");
    assertEquals(0.0, api.metric("tillwatch_http_sessions"));
  }

  @Test
  void anIdleSessionExpiresOnTheClock() throws Exception {
    start(ApiAuth.off().withSessions(new Sessions(Duration.ofMinutes(30), 10, clock::millis)));
    Signed carol = signIn("{\"name\":\"carol\"}", NONE);
    assertTrue(carol.setCookie().contains("Max-Age=1800"), carol.setCookie());
    clock.set(clock.millis() + Duration.ofMinutes(29).toMillis());
    assertEquals(200, api.get("/api/v1/session", carol.withCookie()).statusCode(), "used within the idle time");
    clock.set(clock.millis() + Duration.ofMinutes(29).toMillis());
    assertEquals(200, api.get("/api/v1/session", carol.withCookie()).statusCode(), "each use restarts it");
    clock.set(clock.millis() + Duration.ofMinutes(30).toMillis());
    HttpResponse<String> expired = api.get("/api/v1/session", carol.withCookie());
    assertUnauthorized(expired, "off");
    assertTrue(expired.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"), "the stale cookie is cleared");
  }

  @Test
  void proxyModeTakesTheIdentityFromTheProxyHeaders() throws Exception {
    start(ApiAuth.proxy("X-Forwarded-User", "X-Forwarded-Role"));
    assertUnauthorized(api.post("/api/v1/session", "{}", NONE), "proxy");
    assertUnauthorized(api.get("/api/v1/session", NONE), "proxy");
    Signed eve = signIn("{}", Map.of("X-Forwarded-User", "eve", "X-Forwarded-Role", "operator"));
    assertEquals("eve", eve.body().getString("name"));
    assertEquals("operator", eve.body().getString("role"));
    assertEquals("proxy", eve.body().getString("authMode"));
    HttpResponse<String> noBody = api.send(HttpRequest.newBuilder(api.uri("/api/v1/session"))
        .POST(HttpRequest.BodyPublishers.noBody()), Map.of("X-Forwarded-User", "dan"));
    assertEquals(200, noBody.statusCode(), "an empty sign-in body is fine: " + noBody.body());
    assertEquals("read", new JsonObject(noBody.body()).getString("role"));

    String id = api.raise("m001", "s1");
    Map<String, String> csrfAsEve = new java.util.HashMap<>(eve.withCsrf());
    csrfAsEve.put("X-Forwarded-User", "eve");
    csrfAsEve.put("X-Forwarded-Role", "operator");
    assertEquals(200, api.post("/api/v1/tasks/" + id + "/ack", "{}", csrfAsEve).statusCode());
    assertEquals(200, api.get("/api/v1/session", eve.withCookie()).statusCode(), "no proxy headers: the session stands");
    // the proxy now says someone else sits at this browser: the old session is not theirs
    Map<String, String> asMallory = new java.util.HashMap<>(eve.withCsrf());
    asMallory.put("X-Forwarded-User", "mallory");
    assertEquals(403, api.post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"REPRINTED\"}", asMallory).statusCode(),
        "mallory has the read role");
    assertUnauthorized(api.get("/api/v1/session", eve.withCookie()), "proxy");

    Signed again = signIn("{}", Map.of("X-Forwarded-User", "eve", "X-Forwarded-Role", "operator"));
    HttpResponse<String> demoted = api.get("/api/v1/session", Map.of("Cookie", again.cookie(), "X-Forwarded-User", "eve"));
    assertUnauthorized(demoted, "proxy"); // the proxy now gives eve the read role: the operator session ends
  }

  @Test
  void offModeTakesAnUnverifiedNameAsAnOperator() throws Exception {
    start(ApiAuth.off());
    assertUnauthorized(api.get("/api/v1/session", NONE), "off");
    assertEquals(400, api.post("/api/v1/session", "{\"name\":\"<script>\"}", NONE).statusCode());
    assertEquals(400, api.post("/api/v1/session", "{\"name\":\"tillwatch\"}", NONE).statusCode());
    assertEquals(400, api.post("/api/v1/session", "{}", NONE).statusCode());
    assertEquals(400, api.post("/api/v1/session", "{\"name\":\" 小王\"}", NONE).statusCode());
    assertEquals(400, api.post("/api/v1/session", "{\"name\":\"小王\\n\"}", NONE).statusCode());
    Signed shopStaff = signIn("{\"name\":\"小王 Wang\"}", NONE);
    assertEquals("小王 Wang", shopStaff.body().getString("name"));
    Signed carol = signIn("{\"name\":\"carol\"}", NONE);
    assertEquals("operator", carol.body().getString("role"));
    assertEquals("off", carol.body().getString("authMode"));

    String id = api.raise("m001", "s1");
    assertEquals(403, api.post("/api/v1/tasks/" + id + "/ack", "{}", carol.withCookie()).statusCode(), "cookie: CSRF");
    HttpResponse<String> ack = api.post("/api/v1/tasks/" + id + "/ack", "{}", carol.withCsrf());
    assertEquals(200, ack.statusCode(), ack.body());
    assertEquals("carol", api.tasks.history(id).get(1).by(), "the session's name, no 'by' needed");
    assertEquals(200, api.post("/api/v1/tasks/" + id + "/resolve", "{\"resolution\":\"REPRINTED\",\"by\":\"dave\"}", NONE)
        .statusCode(), "without a cookie, auth off works as before");
  }

  @Test
  void signingInAgainReplacesTheBrowsersSession() throws Exception {
    start(ApiAuth.off());
    Signed first = signIn("{\"name\":\"carol\"}", NONE);
    HttpResponse<String> again = api.post("/api/v1/session", "{\"name\":\"carol\"}", first.withCookie());
    assertEquals(200, again.statusCode());
    String next = again.headers().firstValue("Set-Cookie").orElseThrow();
    assertNotEquals(first.cookie(), next.substring(0, next.indexOf(';')));
    assertUnauthorized(api.get("/api/v1/session", first.withCookie()), "off");
    assertNull(new JsonObject(again.body()).getValue("token"));
  }
}
