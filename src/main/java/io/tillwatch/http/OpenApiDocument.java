package io.tillwatch.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The API's OpenAPI document, written by hand in {@code openapi/tillwatch.yaml} (read by people in
 * review) and served as JSON at {@code /api/v1/openapi.json}. A test holds it to the router: every
 * route is documented and every documented operation is routed.
 */
final class OpenApiDocument {
  static final String RESOURCE = "openapi/tillwatch.yaml";
  static final String PATH = "/api/v1/openapi.json";

  private OpenApiDocument() {}

  static JsonObject load() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the jar");
      }
      Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      // through text, so nested maps and lists become JsonObject and JsonArray
      return new JsonObject(new JsonObject(doc).encode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Served without authentication: it describes the API, it holds no data. */
  static void mount(Router router) {
    String body = load().encode();
    router.get(PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json").end(body));
  }
}
