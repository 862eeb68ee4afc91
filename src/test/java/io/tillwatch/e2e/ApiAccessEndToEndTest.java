package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.app.cli.Main;
import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.ApiTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Who may call the API, over real HTTP against the running daemon: bearer tokens and roles, the
 * audit trail's {@code by}, the proxy header mode, the separate management listener, the tokens CLI.
 */
class ApiAccessEndToEndTest {
  @TempDir
  static Path dir;

  static Path tokensFile;
  static InProcessDaemon tw;
  static Api anonymous;
  static Api operator;
  static Api reader;
  static String aliceToken;

  @BeforeAll
  static void start() throws Exception {
    tokensFile = dir.resolve("tokens");
    String alice = ApiTokens.newToken();
    String bob = ApiTokens.newToken();
    ApiTokens.empty()
        .with(new ApiTokens.Entry("alice", ApiRole.OPERATOR, ApiTokens.sha256(alice)))
        .with(new ApiTokens.Entry("bob", ApiRole.READ, ApiTokens.sha256(bob)))
        .write(tokensFile);
    assertFalse(Files.readString(tokensFile).contains(alice), "only hashes are stored");
    Map<String, String> settings = new HashMap<>(InProcessDaemon.FAST);
    settings.put("http.auth", "token");
    settings.put("http.tokens-file", tokensFile.toString());
    tw = new InProcessDaemon(dir.resolve("data"), settings);
    anonymous = tw.api;
    operator = tw.api.withToken(alice);
    aliceToken = alice;
    reader = tw.api.withToken(bob);
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  private static void assertUnauthorized(Api.Response r) {
    assertEquals(401, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals(401, r.json().getInteger("status"));
  }

  @Test
  void noTokenIs401WithBearerChallenge() {
    for (Api.Response r : List.of(anonymous.get("/api/v1/tasks"), anonymous.get("/api/v1/terminals/m001/t1"),
        anonymous.post("/api/v1/tasks/t_X/ack", "{}"))) {
      assertUnauthorized(r);
      assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.header("WWW-Authenticate"));
    }
  }

  @Test
  void badTokenIs401() {
    for (String bad : List.of("tw_not-a-real-token", "", "Basic YWxpY2U6eA==")) {
      Api.Response r = anonymous.withHeaders(Map.of("Authorization", bad.startsWith("Basic") ? bad : "Bearer " + bad))
          .get("/api/v1/tasks");
      assertUnauthorized(r);
      assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"));
    }
    Api.Response r = anonymous.withToken("tw_wrong").get("/api/v1/tasks");
    assertTrue(r.header("WWW-Authenticate").contains("invalid_token"), r.header("WWW-Authenticate"));
  }

  @Test
  void readTokenReadsButCannotAct() {
    assertEquals(200, reader.get("/api/v1/tasks").status());
    assertEquals(404, reader.get("/api/v1/terminals/m001/never-seen").status());
    Api.Response ack = reader.post("/api/v1/tasks/t_NOPE/ack", "{\"by\":\"bob\"}");
    assertEquals(403, ack.status(), ack.body());
    assertTrue(ack.contentType().startsWith("application/problem+json"));
    assertEquals(403, reader.post("/api/v1/tasks/t_NOPE/resolve", "{\"resolution\":\"REPRINTED\"}").status());
  }

  @Test
  void metricsAndHealthStayOpenOnTheSharedListener() {
    assertEquals(200, anonymous.get("/health/live").status());
    assertEquals(200, anonymous.get("/health/ready").status());
    assertEquals(200, anonymous.get("/metrics").status());
    assertTrue(anonymous.metric("tillwatch_http_auth_refused_total{reason=\"unauthenticated\"}") >= 0);
  }

  @Test
  void operatorActsAndTheAuditTrailRecordsThePrincipal() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-audit")) {
      t.event("s1", "STARTED", 4200);
      t.event("s1", "AUTHORIZED", 4200);
      String id = await().atMost(Duration.ofSeconds(15))
          .until(() -> operator.tasks("terminal=t-audit&kind=UNPRINTED_RECEIPT"), l -> l.size() == 1).get(0).getString("id");

      // no 'by': the principal
      Api.Response ack = operator.post("/api/v1/tasks/" + id + "/ack", "{}");
      assertEquals(200, ack.status(), ack.body());
      assertEquals("ACKNOWLEDGED", ack.json().getString("state"));

      // a 'by' other than the principal: recorded as acting on that person's behalf, principal first
      Api.Response resolved = operator.post("/api/v1/tasks/" + id + "/resolve",
          "{\"resolution\":\"REPRINTED\",\"by\":\"cashier-7\",\"note\":\"slip reprinted\"}");
      assertEquals(200, resolved.status(), resolved.body());
      assertEquals("alice (on behalf of cashier-7)", resolved.json().getString("resolvedBy"));

      JsonArray history = operator.get("/api/v1/tasks/" + id).json().getJsonArray("history");
      List<String> by = history.stream().map(h -> ((JsonObject) h).getString("by")).toList();
      assertTrue(by.contains("alice"), by.toString());
      assertTrue(by.contains("alice (on behalf of cashier-7)"), by.toString());
      assertFalse(by.contains("cashier-7"), "a caller cannot record a bare name of its choosing: " + by);

      Api.Response control = operator.post("/api/v1/tasks/" + id + "/ack", "{\"by\":\"x\\ny\"}");
      assertEquals(400, control.status(), "control characters in 'by' are refused");
    }
  }

  @Test
  void oversizedBodyIs413WithoutTrace() {
    String big = "{\"by\":\"" + "x".repeat(20_000) + "\"}";
    Api.Response r = operator.post("/api/v1/tasks/t_NOPE/ack", big);
    assertEquals(413, r.status());
    assertTrue(r.contentType().startsWith("application/problem+json"));
    assertFalse(r.body().contains("Exception") || r.body().contains("\tat "), r.body());
    // an unauthenticated caller is refused before its body is read
    assertEquals(401, anonymous.post("/api/v1/tasks/t_NOPE/ack", big).status());
  }

  @Test
  void tokensAddCliWritesAUsableToken() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute("tokens", "add", "--name", "carol", "--role", "operator", "--file", tokensFile.toString());
    assertEquals(0, code, err.toString());
    String token = out.toString().trim();
    assertTrue(token.startsWith("tw_") && token.length() > 40, token);
    assertTrue(err.toString().contains("shown only now"));
    // the running daemon re-reads the file within a few seconds: no restart
    Api carol = tw.api.withToken(token);
    await().atMost(Duration.ofSeconds(10)).until(() -> carol.get("/api/v1/tasks").status() == 200);
    Api.Response ack = carol.post("/api/v1/tasks/t_NOPE/ack", "{}");
    assertEquals(404, ack.status(), "authorized as operator; the task does not exist");

    // the same name twice is refused; a bad role is refused
    assertEquals(2, new CommandLine(new Main()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
        .execute("tokens", "add", "--name", "carol", "--role", "read", "--file", tokensFile.toString()));
    assertEquals(2, new CommandLine(new Main()).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(new StringWriter()))
        .execute("tokens", "add", "--name", "dave", "--role", "admin", "--file", tokensFile.toString()));
  }

  @Test
  void proxyModeTrustsTheProxysHeaders() throws Exception {
    Map<String, String> settings = new HashMap<>(InProcessDaemon.FAST);
    settings.put("http.auth", "proxy");
    try (InProcessDaemon p = new InProcessDaemon(dir.resolve("proxy-data"), settings);
         TestTerminal t = new TestTerminal(p.mqttPort(), "m001", "t-proxy")) {
      assertUnauthorized(p.api.get("/api/v1/tasks"));
      Api dan = p.api.withHeaders(Map.of("X-Forwarded-User", "dan"));
      assertEquals(200, dan.get("/api/v1/tasks").status(), "no role header: read");
      assertEquals(403, dan.post("/api/v1/tasks/t_NOPE/ack", "{}").status());
      assertEquals(403, p.api.withHeaders(Map.of("X-Forwarded-User", "dan", "X-Forwarded-Role", "root"))
          .get("/api/v1/tasks").status());
      assertUnauthorized(p.api.withHeaders(Map.of("X-Forwarded-User", "tillwatch", "X-Forwarded-Role", "operator"))
          .get("/api/v1/tasks"));
      Api eve = p.api.withHeaders(Map.of("X-Forwarded-User", "eve", "X-Forwarded-Role", "operator"));

      t.event("s1", "STARTED", 990);
      t.event("s1", "AUTHORIZED", 990);
      String id = await().atMost(Duration.ofSeconds(15))
          .until(() -> eve.tasks("terminal=t-proxy&kind=UNPRINTED_RECEIPT"), l -> l.size() == 1).get(0).getString("id");
      Api.Response ack = eve.post("/api/v1/tasks/" + id + "/ack", "{\"by\":\"eve\"}");
      assertEquals(200, ack.status(), ack.body());
      JsonArray history = eve.get("/api/v1/tasks/" + id).json().getJsonArray("history");
      assertTrue(history.stream().anyMatch(h -> "eve".equals(((JsonObject) h).getString("by"))), history.encode());
    }
  }

  @Test
  void separateManagementListenerServesMetricsAndHealthOnly() {
    Map<String, String> settings = new HashMap<>();
    settings.put("http.auth", "token");
    settings.put("http.tokens-file", tokensFile.toString());
    settings.put("http.management-port", "0");
    try (InProcessDaemon m = new InProcessDaemon(dir.resolve("mgmt-data"), settings)) {
      Api mgmt = m.management();
      assertTrue(m.daemon.managementPort() != m.daemon.httpPort());
      // the body says why when a status is -1 (it holds the client's IOException)
      for (String open : List.of("/metrics", "/health/live", "/health/ready")) {
        Api.Response r = mgmt.get(open);
        assertEquals(200, r.status(), open + ": " + r.body());
      }
      assertEquals(404, mgmt.get("/api/v1/tasks").status(), "no API on the management listener");
      // on the API listener they are gone: unauthenticated 401, authenticated 404
      assertUnauthorized(m.api.get("/metrics"));
      Api alice = m.api.withToken(aliceToken);
      for (String gone : List.of("/metrics", "/health/ready")) {
        Api.Response r = alice.get(gone);
        assertEquals(404, r.status(), gone + ": " + r.body());
      }
      Api.Response tasks = alice.get("/api/v1/tasks");
      assertEquals(200, tasks.status(), tasks.body());
    }
  }
}
