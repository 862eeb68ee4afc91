package io.tillwatch.e2e;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every PromQL expression of the dashboards and of the rules file, as Grafana and Prometheus would
 * run them, and the time-compressed test copy of the rules file.
 */
final class PrometheusExpressions {
  private PrometheusExpressions() {}

  enum Origin {
    PANEL, VARIABLE, RECORDING_RULE, ALERTING_RULE
  }

  /**
   * One expression: where it comes from ({@code source} is the file and the panel title, variable
   * or rule name), the expression as written, and the query sent to Prometheus.
   */
  record Expr(Origin origin, String source, String raw, String query) {
    /** A {@code label_values(selector, label)} variable query; Grafana calls the label-values API for it. */
    boolean isLabelValues() {
      return origin == Origin.VARIABLE && LABEL_VALUES.matcher(raw.trim()).matches();
    }
  }

  /** Grafana's built-in interval variables, with the values used for the proof. */
  static final Map<String, String> BUILT_INS = Map.of(
      "__rate_interval", "1m", // at a 1 s scrape, any window of at least 4 scrapes works; Grafana's own value would be ~1m at 15 s
      "__interval", "15s",
      "__range", "5m"); // "last 5 minutes", longer than the run: range functions use what exists

  static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.+),\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\s*\\)", Pattern.DOTALL);

  /** A variable reference in any of Grafana's three syntaxes: $name, ${name} (optionally ${name:fmt}), [[name]]. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)(?::[^}]*)?}|\\[\\[([A-Za-z0-9_]+)]]|\\$([A-Za-z0-9_]+)");

  /** A metric or recording-rule selector of TillWatch's (or up), with its label matchers if any. */
  private static final Pattern SELECTOR = Pattern.compile("\\b(up|tillwatch[_:][A-Za-z0-9_:]*)\\s*(\\{[^}]*})?");

  static List<Expr> dashboards(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalStateException("no dashboards in " + dir);
    }
    List<Expr> out = new ArrayList<>();
    for (Path f : files) {
      JsonObject d = new JsonObject(Files.readString(f));
      Set<String> vars = dashboardVariables(d);
      String file = f.getFileName().toString();
      List<JsonObject> panels = new ArrayList<>();
      collectPanels(d.getJsonArray("panels"), panels);
      JsonArray rows = d.getJsonArray("rows"); // schema before Grafana 5
      if (rows != null) {
        for (int i = 0; i < rows.size(); i++) {
          collectPanels(rows.getJsonObject(i).getJsonArray("panels"), panels);
        }
      }
      for (JsonObject p : panels) {
        JsonArray targets = p.getJsonArray("targets");
        for (int i = 0; targets != null && i < targets.size(); i++) {
          String expr = targets.getJsonObject(i).getString("expr");
          if (expr != null && !expr.isBlank()) {
            String refId = targets.getJsonObject(i).getString("refId", String.valueOf(i));
            String source = file + " panel \"" + p.getString("title", "(untitled)") + "\" " + refId;
            out.add(new Expr(Origin.PANEL, source, expr, substitute(expr, vars, source)));
          }
        }
      }
      JsonArray list = d.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray());
      for (int i = 0; i < list.size(); i++) {
        JsonObject v = list.getJsonObject(i);
        if (!"query".equals(v.getString("type"))) {
          continue;
        }
        Object q = v.getValue("query");
        String query = q instanceof JsonObject o ? o.getString("query") : (String) q;
        if (query != null && !query.isBlank()) {
          String source = file + " variable $" + v.getString("name");
          out.add(new Expr(Origin.VARIABLE, source, query, substitute(query, vars, source)));
        }
      }
    }
    return out;
  }

  /** Panels at any depth: rows (collapsed or not) carry their own panels. */
  private static void collectPanels(JsonArray panels, List<JsonObject> out) {
    for (int i = 0; panels != null && i < panels.size(); i++) {
      JsonObject p = panels.getJsonObject(i);
      out.add(p);
      collectPanels(p.getJsonArray("panels"), out);
    }
  }

  /** Template variables other than the data source (which never appears in an expression). */
  private static Set<String> dashboardVariables(JsonObject d) {
    Set<String> vars = new LinkedHashSet<>();
    JsonArray list = d.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray());
    for (int i = 0; i < list.size(); i++) {
      JsonObject v = list.getJsonObject(i);
      if (!"datasource".equals(v.getString("type"))) {
        vars.add(v.getString("name"));
      }
    }
    return vars;
  }

  /**
   * Replaces Grafana's interval variables by fixed durations and every dashboard variable by
   * {@code .*} (its "All" value). That is only right inside a regex matcher, which is also the only
   * place a multi-value variable works, so any other use of a dashboard variable is an error.
   */
  static String substitute(String expr, Set<String> dashboardVars, String source) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String value;
      if (BUILT_INS.containsKey(name)) {
        value = BUILT_INS.get(name);
      } else if (dashboardVars.contains(name)) {
        String before = expr.substring(0, m.start());
        if (!before.matches("(?s).*[=!]~\\s*\"")) {
          throw new AssertionError(source + ": variable $" + name + " is used outside a =~ or !~ matcher, where its "
              + "multi-value/All value would not work: " + expr);
        }
        value = ".*";
      } else {
        throw new AssertionError(source + ": unknown variable $" + name + " in " + expr);
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** Every recording and alerting rule expression of the rules file, as written (no variables there). */
  static List<Expr> rules(Path rulesFile) throws IOException {
    List<Expr> out = new ArrayList<>();
    for (Map<String, Object> g : groups(loadYaml(rulesFile))) {
      for (Map<String, Object> r : rulesOf(g)) {
        String expr = String.valueOf(r.get("expr"));
        if (r.containsKey("record")) {
          out.add(new Expr(Origin.RECORDING_RULE, "record " + r.get("record"), expr, expr));
        } else {
          out.add(new Expr(Origin.ALERTING_RULE, "alert " + r.get("alert"), expr, expr));
        }
      }
    }
    return out;
  }

  /** The metric and recording-rule selectors in an expression, for instance {@code tillwatch:tasks_open:sum{kind="X"}}. */
  static List<String> selectors(String expr) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = SELECTOR.matcher(expr);
    while (m.find()) {
      out.add(m.group(1) + (m.group(2) == null ? "" : m.group(2)));
    }
    return List.copyOf(out);
  }

  /** Value every non-zero {@code for:} is replaced with in the test copy of the rules. */
  static final String COMPRESSED_FOR = "5s";

  /**
   * Writes the test copy of the rules: the original's YAML model with every non-zero {@code for:}
   * replaced by {@link #COMPRESSED_FOR}; nothing else changes (asserted here). Returns the alert
   * names with their original {@code for:}.
   */
  static Map<String, String> writeTimeCompressedCopy(Path original, Path copy) throws IOException {
    Map<String, Object> doc = loadYaml(original);
    Map<String, String> originalFor = new LinkedHashMap<>();
    for (Map<String, Object> g : groups(doc)) {
      for (Map<String, Object> r : rulesOf(g)) {
        Object f = r.get("for");
        if (f != null) {
          originalFor.put(String.valueOf(r.get("alert")), String.valueOf(f));
          if (!String.valueOf(f).matches("0+[smhdwy]?")) {
            r.put("for", COMPRESSED_FOR);
          }
        }
      }
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setWidth(Integer.MAX_VALUE);
    Files.writeString(copy, "# Test copy of " + original + ": every non-zero for: replaced by " + COMPRESSED_FOR
        + ", nothing else changed.\n" + new Yaml(o).dump(doc));

    // Only for: differs.
    Map<String, Object> a = loadYaml(original);
    Map<String, Object> b = loadYaml(copy);
    for (Map<String, Object> m : List.of(a, b)) {
      for (Map<String, Object> g : groups(m)) {
        for (Map<String, Object> r : rulesOf(g)) {
          r.remove("for");
        }
      }
    }
    if (!a.equals(b)) {
      throw new AssertionError("the test copy of the rules differs from " + original + " in more than for:");
    }
    return originalFor;
  }

  static Map<String, Object> loadYaml(Path p) throws IOException {
    Map<String, Object> m = new Yaml().load(Files.readString(p));
    return m;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> groups(Map<String, Object> doc) {
    return (List<Map<String, Object>>) doc.get("groups");
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> rulesOf(Map<String, Object> group) {
    return (List<Map<String, Object>>) group.get("rules");
  }
}
