package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.http.auth.ApiRole;
import io.tillwatch.http.auth.ApiTokens;
import io.tillwatch.testsupport.OperatorHttpClient;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's path through the whole daemon: sign in with an API token, hold the session
 * cookie, open the live stream with it, see a finding from a terminal arrive, act on it with the
 * CSRF token and see that change arrive too, sign out.
 */
class ConsoleLiveEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void aSignedInConsoleSeesAFindingLiveAndActsOnIt() throws Exception {
    String token = ApiTokens.newToken();
    ApiTokens.empty().with(new ApiTokens.Entry("alice", ApiRole.OPERATOR, ApiTokens.sha256(token))).write(dir.resolve("tokens"));
    Map<String, String> settings = new HashMap<>(InProcessDaemon.FAST);
    settings.put("http.auth", "token");
    settings.put("http.tokens-file", dir.resolve("tokens").toString());
    try (InProcessDaemon tw = new InProcessDaemon(dir.resolve("data"), settings);
         TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-live")) {
      Api.Response none = tw.api.get("/api/v1/session");
      assertEquals(401, none.status());
      assertEquals("token", none.json().getString("authMode"));

      Api.Response signIn = tw.api.post("/api/v1/session", "{\"token\":\"" + token + "\"}");
      assertEquals(200, signIn.status(), signIn.body());
      String setCookie = signIn.header("Set-Cookie");
      String cookie = setCookie.substring(0, setCookie.indexOf(';'));
      String csrf = signIn.json().getString("csrf");
      Api console = tw.api.withHeaders(Map.of("Cookie", cookie));

      HttpClient client = OperatorHttpClient.builder().connectTimeout(Duration.ofSeconds(5)).build();
      List<String> lines = new CopyOnWriteArrayList<>();
      HttpResponse<Stream<String>> stream = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + tw.daemon.httpPort() + "/api/v1/tasks/events?merchant=m001"))
          .header("Cookie", cookie).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
      assertEquals(200, stream.statusCode());
      assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      Thread reader = new Thread(() -> stream.body().forEach(lines::add), "console-stream");
      reader.setDaemon(true);
      reader.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("retry: 2000"));
      assertEquals(1.0, tw.api.metric("tillwatch_http_live_streams"));

      t.event("s1", "STARTED", 4200);
      t.event("s1", "AUTHORIZED", 4200);
      JsonObject created = await().atMost(Duration.ofSeconds(15)).until(() -> event(lines, "created"), e -> e != null);
      String id = created.getJsonObject("task").getString("id");
      assertEquals("t-live", created.getJsonObject("task").getString("terminal"));

      assertEquals(403, console.post("/api/v1/tasks/" + id + "/ack", "{}").status(), "no CSRF token");
      Api.Response ack = console.withHeaders(Map.of("X-CSRF-Token", csrf)).post("/api/v1/tasks/" + id + "/ack", "{}");
      assertEquals(200, ack.status(), ack.body());
      JsonObject acknowledged = await().atMost(Duration.ofSeconds(5)).until(() -> event(lines, "acknowledged"), e -> e != null);
      assertEquals("ACKNOWLEDGED", acknowledged.getJsonObject("task").getString("state"));

      stream.body().close();
      HttpResponse<String> out = client.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + tw.daemon.httpPort() + "/api/v1/session")).DELETE()
          .header("Cookie", cookie).header("X-CSRF-Token", csrf).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(204, out.statusCode());
      assertEquals(401, console.get("/api/v1/tasks").status());
    }
  }

  /** The first event of the stream with this change, or null. */
  private static JsonObject event(List<String> lines, String change) {
    return lines.stream().filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring(6)))
        .filter(e -> change.equals(e.getString("change"))).findFirst().orElse(null);
  }
}
