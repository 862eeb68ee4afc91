package io.tillwatch.http.console;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The operator console's static files, from the classpath folder {@code console/}, at {@code /console/};
 * {@code /} redirects there. Mounted ahead of the API's authentication: the files hold no data (the
 * page signs in and fetches everything through the API).
 *
 * <p>A small handler of its own rather than {@code StaticHandler}: that one looks in the working
 * directory before the classpath, so a stray {@code console/} folder next to the jar would be served.
 * Paths are checked against a strict shape (no dot segments, no encodings, no listing), so nothing
 * outside {@code console/} can be named. Files are read once and kept: the whole console is a few
 * tens of kilobytes.
 */
public final class ConsoleRoutes {
  public static final String PREFIX = "/console/";
  static final String CLASSPATH_ROOT = "console/";

  /** No inline script or style anywhere, so the policy needs no {@code unsafe-inline}. */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  /** Segments of letters, digits, '_', '-', '.', never starting with a dot; the last one has a known extension. */
  private static final Pattern SAFE_PATH =
      Pattern.compile("(?:[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}/){0,4}[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}\\.[a-z]{2,5}");

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "json", "application/json",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon",
      "txt", "text/plain; charset=utf-8");

  private final Vertx vertx;
  private final ClassLoader loader;
  /** What was read from the classpath, by path under {@code console/}: only files that exist, so the map is bounded. */
  private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

  private record Asset(Buffer body, String type, String etag) {}

  public ConsoleRoutes(Vertx vertx) {
    this.vertx = vertx;
    this.loader = ConsoleRoutes.class.getClassLoader();
  }

  public void mount(Router router) {
    router.route(HttpMethod.GET, "/").handler(ctx -> redirect(ctx, PREFIX));
    router.route(HttpMethod.HEAD, "/").handler(ctx -> redirect(ctx, PREFIX));
    router.route(HttpMethod.GET, "/console").handler(ConsoleRoutes::withSlash);
    router.route(HttpMethod.HEAD, "/console").handler(ConsoleRoutes::withSlash);
    router.route(HttpMethod.GET, PREFIX + "*").handler(this::serve);
    router.route(HttpMethod.HEAD, PREFIX + "*").handler(this::serve);
  }

  /** The router matches "/console" with or without its trailing slash; only the bare one is sent on. */
  private static void withSlash(RoutingContext ctx) {
    if (ctx.request().path().equals("/console")) {
      redirect(ctx, PREFIX);
    } else {
      ctx.next();
    }
  }

  private static void redirect(RoutingContext ctx, String to) {
    secure(ctx.response()).setStatusCode(302).putHeader("Location", to).end();
  }

  /** The headers every console answer carries, errors included. */
  static HttpServerResponse secure(HttpServerResponse r) {
    return r.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Cache-Control", "no-cache");
  }

  private void serve(RoutingContext ctx) {
    // The raw path: a percent-encoded dot or slash never reaches the shape check decoded.
    String raw = ctx.request().path();
    String rel = raw.length() <= PREFIX.length() ? "index.html" : raw.substring(PREFIX.length());
    if (!SAFE_PATH.matcher(rel).matches()) {
      notFound(ctx);
      return;
    }
    Optional<Asset> known = assets.get(rel);
    if (known != null) {
      answer(ctx, known);
      return;
    }
    vertx.executeBlocking(() -> load(rel), false).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      if (ar.result().isPresent()) {
        assets.put(rel, ar.result()); // misses are not kept: anyone may ask for any number of names
      }
      answer(ctx, ar.result());
    });
  }

  private Optional<Asset> load(String rel) throws IOException {
    String ext = rel.substring(rel.lastIndexOf('.') + 1);
    String type = TYPES.get(ext);
    if (type == null) {
      return Optional.empty();
    }
    try (InputStream in = loader.getResourceAsStream(CLASSPATH_ROOT + rel)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      return Optional.of(new Asset(Buffer.buffer(bytes), type, etag(bytes)));
    }
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static void answer(RoutingContext ctx, Optional<Asset> asset) {
    if (asset.isEmpty()) {
      notFound(ctx);
      return;
    }
    Asset a = asset.get();
    HttpServerResponse r = secure(ctx.response()).putHeader("ETag", a.etag());
    // no-cache: the browser keeps a copy but asks each time; an unchanged file costs a 304.
    if (a.etag().equals(ctx.request().getHeader("If-None-Match"))) {
      r.setStatusCode(304).end();
      return;
    }
    r.putHeader("Content-Type", a.type());
    if (ctx.request().method() == HttpMethod.HEAD) {
      r.putHeader("Content-Length", Integer.toString(a.body().length())).end();
    } else {
      r.end(a.body());
    }
  }

  private static void notFound(RoutingContext ctx) {
    secure(ctx.response()).setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8").end("not found\n");
  }
}
