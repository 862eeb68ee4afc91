package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tillwatch.e2e.PrometheusExpressions.Expr;
import io.tillwatch.e2e.PrometheusExpressions.Origin;
import io.tillwatch.e2e.PrometheusServer.QueryResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards and alert rules proven against a real Prometheus that scrapes a running daemon,
 * not only checked for syntax.
 *
 * <p>Setup: Debian's {@code prometheus} (installed with apt-get when missing) runs as its own
 * process on a free loopback port, scraping {@code tillwatch demo} (a separate JVM: the daemon
 * with compressed deadlines and a simulated fleet of 20 terminals injecting every fault kind)
 * every second as job {@code tillwatch}, and evaluating the rules every second. One extra
 * terminal publishes a transaction with a clear card number, after the first scrape so the
 * counter's step from 0 to 1 is in Prometheus's data.
 *
 * <p><b>Time-compressed test copy of the rules.</b> Prometheus loads a copy of
 * {@code alert-rules/tillwatch.rules.yml} in which every non-zero {@code for:} (1m to 30m in the
 * original) is replaced by {@code 5s}; {@code for: 0m} stays. Nothing else changes: expressions,
 * thresholds, range windows, labels and annotations are the original's (the copy is generated
 * from the parsed YAML and compared with the original minus {@code for:}). Why: the original
 * durations cannot elapse in a test of a couple of minutes, and 5 s is still five evaluations at
 * the 1 s interval, so every alert really goes through pending before firing. Range windows
 * ({@code [5m]}, {@code [15m]}, {@code [1h]}) are not compressed: Prometheus computes them from the
 * samples that exist once there are two, so they return data after a few scrapes, and the
 * thresholds are checked at their real values.
 *
 * <p>Checks, all through Prometheus's HTTP API:
 *
 * <ol>
 *   <li>Prometheus loaded every group and rule of the copy, and every rule evaluates with health
 *       {@code ok}.
 *   <li>Every PromQL expression of every panel (rows included) and template variable of every
 *       {@code dashboards/*.json}, and every recording and alerting rule expression of the
 *       original rules file, parses and runs ({@code status: success}). Grafana variables are
 *       replaced first: {@code $__rate_interval} by 1m, {@code $__interval} by 15s,
 *       {@code $__range} by 5m, dashboard variables ({@code $job}, {@code $instance}) by
 *       {@code .*}, their "All" value (allowed only inside {@code =~}/{@code !~} matchers).
 *       Template variables {@code label_values(selector, label)} go to the label-values API as
 *       Grafana sends them.
 *   <li>Panel, variable and recording-rule expressions return data, except those in
 *       {@link #LEGITIMATELY_EMPTY} with the reason. Alerting-rule expressions are comparisons,
 *       empty whenever the alert is not firing, so for them every metric or recording-rule
 *       selector they read must return series (a wrong metric name, label or label value fails).
 *   <li>The alerts the injected faults must raise reach {@code firing} in {@code /api/v1/alerts}.
 * </ol>
 *
 * <p>The summary (counts, allowlist, alerts, timing) is printed to the test output
 * ({@code target/failsafe-reports/io.tillwatch.e2e.PrometheusProofIT-output.txt}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusProofIT {
  static final Path ROOT = Path.of(System.getProperty("basedir", "."));
  static final Path RULES = ROOT.resolve("alert-rules/tillwatch.rules.yml");
  static final Path DASHBOARDS = ROOT.resolve("dashboards");

  /** Scrapes of the target (1 s apart) before expressions are judged: at least 2 per rate() window of any size. */
  static final int MIN_SCRAPES = 12;

  private static final String HIKARI_ONLY = "HikariCP's pool meters exist with store=postgres only; the demo runs on "
      + "SQLite (PostgresFaultsEndToEndTest checks they are on /metrics with PostgreSQL)";

  private static final String CLUSTER_ONLY = "reads families only cluster roles (gateway, detector) export "
      + "(docs/metrics.md \"Cluster roles\"); the demo runs embedded, where MetricsContractIT checks they are absent";

  /**
   * Expressions (by {@link Expr#source()}) allowed to return no data in this run, each with the
   * reason. With the demo's faults every panel, variable and recording rule has data; the entries
   * are an alert about broker mode, which the demo (embedded mode) cannot exercise, the age of
   * the last bill, which exists once a bill was imported (the demo drops its bills after 75 s), the
   * PostgreSQL read pool, which a demo on its SQLite file does not have, and the cluster roles'
   * alerts and the daemon dashboard's "Cluster (Kafka)" row, which an embedded demo has no series for.
   */
  static final Map<String, String> LEGITIMATELY_EMPTY = legitimatelyEmpty();

  private static Map<String, String> legitimatelyEmpty() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("alert TillWatchBrokerDisconnected",
        "reads tillwatch_ingest_info{mode=\"broker\"}, which only a broker-mode instance exports; the demo runs "
            + "embedded (BrokerModeEndToEndTest checks that series against a real Mosquitto)");
    m.put("transaction-integrity.json panel \"Age of the last bill imported\" A",
        "shows only formats a bill was imported of (> 0); the demo's bills arrive after 75 s, later than this check "
            + "(the drop folder's import is covered by DropFolderTest, the metric by MetricsContractIT)");
    for (String ref : new String[] {"A", "B", "C"}) {
      m.put("daemon.json panel \"PostgreSQL read connections\" " + ref, HIKARI_ONLY);
    }
    for (String alert : new String[] {"TillWatchDetectorLagging", "TillWatchDetectorRebalancingTooLong",
        "TillWatchGatewayProduceFailing", "TillWatchDetectorLateEvents"}) {
      m.put("alert " + alert, CLUSTER_ONLY);
    }
    // The "Cluster (Kafka)" row: each panel with the refIds of its queries.
    Map<String, String> clusterPanels = Map.of("Detector clock lag", "A", "Detector lag (records)", "A",
        "Partitions per instance", "A", "Rebalances and rebalance pause p99", "AB", "Restores and restore time", "ABC",
        "Late events", "A", "Gateway produce latency", "AB", "Gateway produce failures by cause", "A",
        "Bridge records rejected by reason", "A");
    clusterPanels.forEach((title, refs) -> refs.chars().forEach(ref -> m.put(
        "daemon.json panel \"" + title + "\" " + (char) ref, CLUSTER_ONLY)));
    return Collections.unmodifiableMap(m);
  }

  /** Alerts the demo's faults (and the card-data message) must fire, with what makes them fire. */
  static final Map<String, String> MUST_FIRE = orderedMap(
      "TillWatchWatchdog", "vector(1), always",
      "TillWatchCardDataReceived", "the clear PAN published by t-evil (rejected as card_data)",
      "TillWatchDoubleChargeRisk", "the demo's primed double charge really charged twice: its task stays open for a refund",
      "TillWatchStuckReversal", "the demo's primed reversal failed (still charged): its task stays open for a refund by hand");

  static final String FULL_PAN = "6228480402564890018";

  @TempDir
  static Path dir;

  static long startedNanos;
  static DaemonProcess tillwatch;
  static PrometheusServer prometheus;
  static Map<String, String> originalFor;
  static final List<String> report = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    startedNanos = System.nanoTime();
    PrometheusServer.ensureInstalled();
    Path rulesCopy = dir.resolve("tillwatch.rules.test-copy.yml");
    originalFor = PrometheusExpressions.writeTimeCompressedCopy(RULES, rulesCopy);

    tillwatch = DaemonProcess.start("demo", dir.resolve("data"), Files.createFile(dir.resolve("tillwatch.log")),
        FreePorts.next(), FreePorts.next(), List.of());
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - %s
        scrape_configs:
          - job_name: tillwatch
            metrics_path: /metrics
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(rulesCopy, tillwatch.httpPort));
    prometheus = PrometheusServer.start(config, dir.resolve("tsdb"), Files.createFile(dir.resolve("prometheus.log")),
        FreePorts.next());
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
        .until(() -> prometheus.query("up{job=\"tillwatch\"} == 1").hasData());
    log("prometheus ready and scraping after %d s", elapsedSeconds());

    publishCardData(tillwatch.mqttPort);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> prometheus.query("count_over_time(up{job=\"tillwatch\"}[5m])").scalar() >= MIN_SCRAPES);
    resolveOneTaskAsOperator();
    log("%d scrapes done after %d s", MIN_SCRAPES, elapsedSeconds());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (prometheus != null) {
        prometheus.close();
      }
    } finally {
      if (tillwatch != null) {
        int exit = tillwatch.terminate();
        log("tillwatch stopped with SIGTERM, exit status %d", exit);
      }
      log("Prometheus proof took %d s in total (both processes started and stopped)", elapsedSeconds());
      System.out.println("==== Prometheus proof summary ====");
      report.forEach(System.out::println);
    }
  }

  @Test
  @Order(1)
  void prometheusLoadedEveryRuleAndEachEvaluatesCleanly() throws Exception {
    Map<String, Object> original = PrometheusExpressions.loadYaml(RULES);
    Map<String, Integer> expected = new LinkedHashMap<>();
    for (Map<String, Object> g : PrometheusExpressions.groups(original)) {
      expected.put((String) g.get("name"), PrometheusExpressions.rulesOf(g).size());
    }
    // Health is "unknown" until a rule's first evaluation, and groups are evaluated every second.
    Map<String, String> notOk = new TreeMap<>();
    try {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        notOk.clear();
        Map<String, Integer> loaded = new LinkedHashMap<>();
        JsonArray groups = prometheus.ruleGroups();
        for (int i = 0; i < groups.size(); i++) {
          JsonObject g = groups.getJsonObject(i);
          JsonArray rules = g.getJsonArray("rules");
          loaded.put(g.getString("name"), rules.size());
          for (int j = 0; j < rules.size(); j++) {
            JsonObject r = rules.getJsonObject(j);
            if (!"ok".equals(r.getString("health"))) {
              notOk.put(r.getString("name"), r.getString("health") + " " + r.getString("lastError", ""));
            }
          }
        }
        assertEquals(expected, loaded, "rule groups and rule counts loaded by Prometheus");
        return notOk.isEmpty();
      });
    } catch (ConditionTimeoutException e) {
      fail("rules not evaluating cleanly in Prometheus: " + notOk);
    }
    int rules = expected.values().stream().mapToInt(Integer::intValue).sum();
    log("rules: %d groups, %d rules loaded from the time-compressed copy, every rule health ok", expected.size(), rules);
  }

  @Test
  @Order(2)
  void everyDashboardAndRuleExpressionParsesAndReturnsData() throws Exception {
    List<Expr> exprs = new ArrayList<>(PrometheusExpressions.dashboards(DASHBOARDS));
    exprs.addAll(PrometheusExpressions.rules(RULES));
    Set<String> sources = exprs.stream().map(Expr::source).collect(Collectors.toSet());
    for (String allowed : LEGITIMATELY_EMPTY.keySet()) {
      assertTrue(sources.contains(allowed), "allowlist entry matches no expression: " + allowed);
    }

    // 1. Everything parses and runs: no waiting helps a syntax error, so this fails at once.
    List<String> errors = new ArrayList<>();
    for (Expr e : exprs) {
      QueryResult r = run(e);
      if (!r.ok()) {
        errors.add(e.source() + ": " + r.error() + "\n    query: " + oneLine(e.query()));
      }
    }
    if (!errors.isEmpty()) {
      fail(errors.size() + " expression(s) do not run in Prometheus:\n  " + String.join("\n  ", errors));
    }

    // 2. Data. Retried for a while: a histogram needs observations in its window, a rate two samples.
    Map<String, String> missing = new TreeMap<>();
    try {
      await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(2)).until(() -> {
        missing.clear();
        for (Expr e : exprs) {
          if (LEGITIMATELY_EMPTY.containsKey(e.source())) {
            continue;
          }
          if (e.origin() == Origin.ALERTING_RULE) {
            for (String sel : PrometheusExpressions.selectors(e.query())) {
              if (!prometheus.query(sel).hasData()) {
                missing.put(e.source(), "selector " + sel + " matches no series");
              }
            }
          } else if (!run(e).hasData()) {
            missing.put(e.source(), "no data: " + oneLine(e.query()));
          }
        }
        return missing.isEmpty();
      });
    } catch (ConditionTimeoutException t) {
      fail(missing.size() + " expression(s) return no data and are not allowlisted:\n  "
          + missing.entrySet().stream().map(m -> m.getKey() + ": " + m.getValue()).collect(Collectors.joining("\n  ")));
    }

    Map<Origin, Long> byOrigin = exprs.stream().collect(Collectors.groupingBy(Expr::origin, TreeMap::new, Collectors.counting()));
    Map<Origin, Long> withData = exprs.stream().filter(e -> run(e).hasData())
        .collect(Collectors.groupingBy(Expr::origin, TreeMap::new, Collectors.counting()));
    long dashboardExprs = byOrigin.getOrDefault(Origin.PANEL, 0L) + byOrigin.getOrDefault(Origin.VARIABLE, 0L);
    long ruleExprs = byOrigin.getOrDefault(Origin.RECORDING_RULE, 0L) + byOrigin.getOrDefault(Origin.ALERTING_RULE, 0L);
    log("expressions: %d dashboard (%d panel targets, %d template variables), %d rule (%d recording, %d alerting); "
        + "all %d parse and run", dashboardExprs, byOrigin.getOrDefault(Origin.PANEL, 0L),
        byOrigin.getOrDefault(Origin.VARIABLE, 0L), ruleExprs, byOrigin.getOrDefault(Origin.RECORDING_RULE, 0L),
        byOrigin.getOrDefault(Origin.ALERTING_RULE, 0L), exprs.size());
    log("returned data: %s of %s (by origin); alerting-rule expressions: every selector they read has series", withData, byOrigin);
    log("allowlisted as legitimately empty: %s", LEGITIMATELY_EMPTY.isEmpty() ? "none" : "");
    LEGITIMATELY_EMPTY.forEach((k, v) -> log("  %s: %s", k, v));
    List<String> alertTrue = new ArrayList<>();
    List<String> alertFalse = new ArrayList<>();
    for (Expr e : exprs) {
      if (e.origin() == Origin.ALERTING_RULE) {
        (run(e).hasData() ? alertTrue : alertFalse).add(e.source().substring("alert ".length()));
      }
    }
    log("alert conditions true now: %s", alertTrue);
    log("alert conditions false now (expected in this run, empty result): %s", alertFalse);
  }

  @Test
  @Order(3)
  void theInjectedFaultsFireTheirAlerts() {
    long t0 = System.nanoTime();
    Map<String, String> state = new TreeMap<>();
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
        state.clear();
        state.putAll(alertStates());
        return MUST_FIRE.keySet().stream().allMatch(n -> "firing".equals(state.get(n)));
      });
    } catch (ConditionTimeoutException e) {
      StringBuilder why = new StringBuilder();
      for (String n : MUST_FIRE.keySet()) {
        if (!"firing".equals(state.get(n))) {
          why.append("\n  ").append(n).append(" is ").append(state.getOrDefault(n, "inactive")).append("; expected because ")
              .append(MUST_FIRE.get(n));
        }
      }
      why.append("\n  diagnostics: open tasks by kind in TillWatch's API ").append(openTasksByKind())
          .append(", in Prometheus tillwatch:tasks_open:sum ").append(seriesByKind("tillwatch:tasks_open:sum"))
          .append(", raw tillwatch_tasks_open ").append(seriesByKind("sum by (kind) (tillwatch_tasks_open)"));
      fail("alerts not firing within 120 s (all alerts: " + state + "):" + why);
    }
    log("alerts that must fire are firing (%d s after the check began): %s", (System.nanoTime() - t0) / 1_000_000_000,
        MUST_FIRE.keySet());
    Map<String, String> all = alertStates();
    log("all alerts in Prometheus at the end: %s", all);
    Set<String> quiet = new TreeSet<>(originalFor.keySet());
    quiet.removeAll(all.keySet());
    log("alerts not raised in this run: %s", quiet);
  }

  // ------------------------------------------------------------------------------------------

  /** Alert name to state; of several series of one alert, firing wins over pending. */
  private static Map<String, String> alertStates() {
    Map<String, String> s = new TreeMap<>();
    JsonArray alerts = prometheus.alerts();
    for (int i = 0; i < alerts.size(); i++) {
      JsonObject a = alerts.getJsonObject(i);
      s.merge(a.getJsonObject("labels").getString("alertname"), a.getString("state"), (x, y) -> "firing".equals(x) ? x : y);
    }
    return s;
  }

  private static QueryResult run(Expr e) {
    if (e.isLabelValues()) {
      var m = PrometheusExpressions.LABEL_VALUES.matcher(e.query().trim());
      if (!m.matches()) {
        throw new IllegalStateException(e.query());
      }
      return prometheus.labelValues(m.group(2), m.group(1) == null ? null : m.group(1).trim());
    }
    return prometheus.query(e.query());
  }

  /** A terminal whose firmware puts the full card number on the wire; TillWatch rejects it as card_data. */
  private static void publishCardData(int mqttPort) throws Exception {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + mqttPort, "t-evil", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    c.connect(o);
    try {
      String payload = "{\"txn\":\"evil-1\",\"seq\":1,\"event\":\"AUTHORIZED\",\"at\":" + System.currentTimeMillis()
          + ",\"amount\":500,\"currency\":\"CNY\",\"method\":\"CARD\",\"pan\":\"" + FULL_PAN + "\"}";
      MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      c.publish("pos/v1/m001/t-evil/txn", m); // returns after the PUBACK
    } finally {
      c.disconnect();
      c.close();
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> tillwatch.api.metric("tillwatch_messages_rejected_total{reason=\"card_data\"}") >= 1);
  }

  /**
   * An operator resolves one UNPRINTED_RECEIPT task as REPRINTED, while Prometheus is scraping:
   * the demo resolves tasks only automatically, and the operator-resolved panels should show a
   * real operator resolution (the increase of a counter must happen inside the scraped window).
   */
  private static void resolveOneTaskAsOperator() {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
        .until(() -> !tillwatch.api.tasks("kind=UNPRINTED_RECEIPT&state=OPEN").isEmpty());
    String id = tillwatch.api.tasks("kind=UNPRINTED_RECEIPT&state=OPEN").get(0).getString("id");
    Api.Response r = tillwatch.api.post("/api/v1/tasks/" + id + "/resolve",
        new JsonObject().put("resolution", "REPRINTED").put("by", "prometheus-proof").put("note", "reprinted at the counter")
            .encode());
    assertEquals(200, r.status(), "resolve " + id + ": " + r.body());
  }

  private static Map<String, Long> openTasksByKind() {
    try {
      return tillwatch.api.tasks("").stream().filter(t -> !"RESOLVED".equals(t.getString("state")))
          .collect(Collectors.groupingBy(t -> t.getString("kind"), TreeMap::new, Collectors.counting()));
    } catch (RuntimeException | AssertionError e) {
      return Map.of();
    }
  }

  private static Map<String, String> seriesByKind(String promql) {
    Map<String, String> out = new TreeMap<>();
    QueryResult r = prometheus.query(promql);
    for (int i = 0; r.hasData() && i < r.result().size(); i++) {
      JsonObject s = r.result().getJsonObject(i);
      out.put(s.getJsonObject("metric").getString("kind"), s.getJsonArray("value").getString(1));
    }
    return out;
  }

  private static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  private static long elapsedSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
  }

  private static void log(String format, Object... args) {
    String line = String.format(format, args);
    report.add(line);
    System.out.println("[prometheus-proof] " + line);
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
