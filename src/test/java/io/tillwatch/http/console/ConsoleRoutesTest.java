package io.tillwatch.http.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's files over the daemon's real HTTP listener: headers, redirects, and nothing served from outside {@code console/}. */
class ConsoleRoutesTest {
  private ConsoleServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ConsoleServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void thePageIsServedAheadOfAuthenticationWithTheSecurityHeaders() throws Exception {
    HttpResponse<byte[]> page = server.get("/console/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(new String(page.body(), StandardCharsets.UTF_8).contains("<script type=\"module\" src=\"app.js\">"));
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertEquals(ConsoleRoutes.CSP, csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertFalse(csp.contains("unsafe-eval"), csp);
    assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
    assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(null));
    assertEquals("no-referrer", page.headers().firstValue("Referrer-Policy").orElse(null));
    assertEquals("no-cache", page.headers().firstValue("Cache-Control").orElse(null));

    // The same listener refuses the API without an identity: the console really is in front of ApiAuth.
    assertEquals(401, server.get("/api/v1/tasks").statusCode());
  }

  @Test
  void scriptsAndStylesCarryTheirTypesAndTheHeadersToo() throws Exception {
    HttpResponse<byte[]> js = server.get("/console/views/inbox.js");
    assertEquals(200, js.statusCode());
    assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
    assertEquals(ConsoleRoutes.CSP, js.headers().firstValue("Content-Security-Policy").orElse(null));
    HttpResponse<byte[]> css = server.get("/console/style.css");
    assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("console/style.css")) {
      assertArrayEquals(in.readAllBytes(), css.body());
    }
  }

  @Test
  void anUnchangedFileCostsA304() throws Exception {
    HttpResponse<byte[]> first = server.get("/console/app.js");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> again = server.get("/console/app.js", "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals(0, again.body().length);
  }

  @Test
  void theRootAndTheBareFolderRedirectToTheConsole() throws Exception {
    for (String path : List.of("/", "/console")) {
      HttpResponse<byte[]> r = server.get(path);
      assertEquals(302, r.statusCode(), path);
      assertEquals("/console/", r.headers().firstValue("Location").orElse(null), path);
    }
  }

  @Test
  void nothingOutsideTheConsoleFolderCanBeNamed() throws Exception {
    // Classes and resources that exist on the same classpath, reached by every spelling of "up".
    List<String> attempts = List.of(
        "/console/../io/tillwatch/http/HttpApi.class",
        "/console/%2e%2e/io/tillwatch/http/HttpApi.class",
        "/console/%2E%2E%2Fio%2Ftillwatch%2Fhttp%2FHttpApi.class",
        "/console/..%2f..%2flogback.xml",
        "/console/views/../../logback.xml",
        "/console/..\\logback.xml",
        "/console//etc/passwd",
        "/console/.%2e/logback.xml",
        "/console/app.js%00.html",
        "/console/views/",
        "/console/i18n",
        "/console/.hidden.js",
        "/console/nothing-here.js",
        "/console/ConsoleRoutes.class");
    for (String target : attempts) {
      int status = server.rawStatus(target);
      assertNotEquals(200, status, target);
      assertTrue(status == 404 || status == 400 || status == 401, target + " answered " + status);
    }
  }
}
