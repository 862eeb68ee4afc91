package io.tillwatch.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the dashboards usable unchanged by any Grafana: a {@code ${datasource}} variable and no
 * hard-coded datasource uid, and on every panel a unit, a description and thresholds; every series
 * a panel asks for is a metric the daemon documents or a recording rule that exists. (Whether the
 * queries return data is proven against a real Prometheus in the integration tests.)
 */
class DashboardLintTest {
  static Stream<Path> dashboards() throws Exception {
    return Files.list(Path.of("dashboards")).filter(p -> p.toString().endsWith(".json")).sorted();
  }

  @ParameterizedTest
  @MethodSource("dashboards")
  void panelsAreComplete(Path file) throws Exception {
    JsonObject d = new JsonObject(Files.readString(file));
    assertTrue(d.getString("uid") != null && !d.getString("uid").isBlank(), "uid");
    List<String> vars = d.getJsonObject("templating").getJsonArray("list").stream()
        .map(v -> ((JsonObject) v).getString("name")).toList();
    assertTrue(vars.contains("datasource"), "a datasource variable");
    Set<String> known = knownSeries();
    for (JsonObject p : panels(d.getJsonArray("panels"))) {
      String title = file.getFileName() + ": " + p.getString("title");
      assertEquals("${datasource}", p.getJsonObject("datasource").getString("uid"), title);
      JsonObject defaults = p.getJsonObject("fieldConfig").getJsonObject("defaults");
      assertFalse(defaults.getString("unit", "").isBlank(), title + " has a unit");
      assertFalse(p.getString("description", "").isBlank(), title + " has a description");
      assertTrue(defaults.containsKey("thresholds"), title + " has thresholds");
      for (Object t : p.getJsonArray("targets", new JsonArray())) {
        String expr = ((JsonObject) t).getString("expr");
        for (String series : seriesIn(expr)) {
          assertTrue(known.contains(series), title + " queries unknown series " + series);
        }
      }
    }
  }

  /**
   * Panels about open tasks link into the operator console's inbox, and every console link is built
   * on the dashboard's {@code console_url} variable (a textbox, default the daemon on loopback), so
   * one setting points them all at a deployment's console.
   */
  @ParameterizedTest
  @MethodSource("dashboards")
  void taskPanelsLinkIntoTheConsoleThroughTheConsoleUrlVariable(Path file) throws Exception {
    JsonObject d = new JsonObject(Files.readString(file));
    JsonObject variable = d.getJsonObject("templating").getJsonArray("list").stream().map(v -> (JsonObject) v)
        .filter(v -> "console_url".equals(v.getString("name"))).findFirst().orElse(null);
    assertTrue(variable != null, file + ": a console_url variable");
    assertEquals("textbox", variable.getString("type"), file + ": console_url is typed in, not queried");
    assertEquals("http://127.0.0.1:8080", variable.getString("query"), file + ": console_url default");
    List<String> urls = new ArrayList<>();
    for (Object l : d.getJsonArray("links", new JsonArray())) {
      urls.add(((JsonObject) l).getString("url", ""));
    }
    for (JsonObject p : panels(d.getJsonArray("panels"))) {
      JsonArray links = p.getJsonObject("fieldConfig").getJsonObject("defaults").getJsonArray("links", new JsonArray());
      boolean readsOpenTasks = p.getJsonArray("targets", new JsonArray()).stream()
          .map(t -> ((JsonObject) t).getString("expr", ""))
          .anyMatch(e -> e.matches("(?s).*tillwatch:(tasks_open|money_tasks_open|tasks_overdue|tasks_oldest_open_age_seconds)"
              + ":.*"));
      if (readsOpenTasks) {
        assertFalse(links.isEmpty(), file.getFileName() + ": " + p.getString("title") + " links to the console");
      }
      for (Object l : links) {
        urls.add(((JsonObject) l).getString("url", ""));
      }
    }
    for (String url : urls) {
      if (url.contains("/console/")) {
        assertTrue(url.startsWith("${console_url}/console/#/"), file + ": console link " + url);
      }
    }
  }

  static List<JsonObject> panels(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    for (Object o : array) {
      JsonObject p = (JsonObject) o;
      if ("row".equals(p.getString("type"))) {
        out.addAll(panels(p.getJsonArray("panels", new JsonArray())));
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** Metric and recording-rule names an expression reads (tillwatch_*, tillwatch:*, jvm_*, process_*, system_*, vertx_*). */
  static Set<String> seriesIn(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher m = Pattern.compile("\\b((?:tillwatch[_:]|jvm_|process_|system_|vertx_)[a-zA-Z0-9_:]*)").matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Documented metric families (with their histogram/counter suffixes) and recorded rule names. */
  static Set<String> knownSeries() throws Exception {
    Set<String> known = new TreeSet<>();
    Matcher doc = Pattern.compile("(?m)^\\|\\s*`((?:tillwatch_|jvm_|process_|system_|vertx_)[a-z0-9_]+)`")
        .matcher(Files.readString(Path.of("docs/metrics.md")));
    while (doc.find()) {
      String f = doc.group(1);
      known.add(f);
      for (String suffix : new String[] {"_bucket", "_count", "_sum", "_max"}) {
        known.add(f + suffix);
      }
    }
    Matcher rec = Pattern.compile("(?m)^\\s*- record:\\s*(\\S+)").matcher(Files.readString(Path.of("alert-rules/tillwatch.rules.yml")));
    while (rec.find()) {
      known.add(rec.group(1));
    }
    return known;
  }
}
