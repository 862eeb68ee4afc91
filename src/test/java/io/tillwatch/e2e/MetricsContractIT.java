package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.app.cli.DemoCommand;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.observability.MetricsContract;
import io.tillwatch.sim.AcquirerLedger;
import io.tillwatch.sim.BackOfficeFaults;
import io.tillwatch.sim.BackOfficeIds;
import io.tillwatch.sim.BackOfficeKeys;
import io.tillwatch.sim.FleetSimulator;
import io.tillwatch.sim.SimulatedBackOffice;
import io.tillwatch.sim.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metric contract, checked against what a running daemon really exposes after a demo-style run
 * with 2,000 simulated terminals and every kind of fault:
 * <ul>
 *   <li>{@code docs/metrics.md} lists exactly the {@code tillwatch_} families {@code /metrics} exposes
 *       (a metric missing from either side fails), but for those of its section "Cluster roles", which
 *       an embedded instance must not expose;</li>
 *   <li>no label takes more than 50 values, so no terminal, merchant or txn id leaked into a label.</li>
 * </ul>
 */
class MetricsContractIT {
  static final int TERMINALS = 2_000;
  static final int MAX_LABEL_VALUES = 50;
  /**
   * Histogram bucket bounds: fixed by code (Micrometer's percentile buckets between the expected
   * minimum and maximum), not by traffic, so they are bounded though they may exceed 50.
   */
  static final Set<String> FIXED_BY_CODE = Set.of("le");

  @TempDir
  static Path dir;

  static InProcessDaemon tw;
  static Vertx simVertx;
  static FleetSimulator sim;
  static String exposition;

  @BeforeAll
  static void runTheFleet() throws Exception {
    // A simulated back office that knows the fleet's sales (a shared ledger): the follow-up's meters exist per back
    // office. Ten of the forty merchants have back offices (three each), as a deployment names a handful of acquirer
    // and wallet accounts, so the back_office label stays within the catalog's bound; the others are NOT_CONFIGURED.
    simVertx = Vertx.vertx();
    AcquirerLedger ledger = new AcquirerLedger();
    BackOfficeIds ids = new BackOfficeIds(java.util.stream.IntStream.rangeClosed(1, 10)
        .mapToObj(i -> String.format("m%03d", i)).toList());
    BackOfficeKeys keys = BackOfficeKeys.generate();
    SimulatedBackOffice backOffice = SimulatedBackOffice.start(simVertx, ledger, ids, keys, BackOfficeFaults.NONE, "127.0.0.1", 0, 7)
        .await();
    keys.writeTo(dir.resolve("back-office"), ids, "http://127.0.0.1:" + backOffice.port(), "mixed");
    java.util.Map<String, String> settings = new java.util.HashMap<>(DemoCommand.DEMO_SETTINGS);
    settings.put("backoffice.file", dir.resolve("back-office/backoffice.yaml").toString());
    tw = new InProcessDaemon(dir.resolve("data"), settings);
    sim = FleetSimulator.start(simVertx, SimulatorOptions.builder("127.0.0.1", tw.mqttPort())
        .terminals(TERMINALS).merchants(40).salesPerSecond(40).faults("unprinted=0.05,unconfirmed=0.05,double=0.02,reversal=0.02,gap=0.02,silent=0.01,backlog=0.01").heartbeatIntervalSec(2)
        .connectsPerSecond(1000).primeFaults(true).timeScale(5).seed(7).build(), ledger).await();
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(() -> {
      Set<FindingKind> seen = EnumSet.noneOf(FindingKind.class);
      for (JsonObject t : tw.api.tasks("")) {
        seen.add(FindingKind.valueOf(t.getString("kind")));
      }
      return seen.size() == Arrays.stream(FindingKind.values()).filter(FindingKind::fromTelemetry).count()
          && tw.api.metric("tillwatch_mqtt_connections_active") >= TERMINALS * 0.9;
    });
    // one refused message, so the reject counters have moved too
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m999", "t-evil")) {
      t.publish("txn", "{\"txn\":\"x\",\"seq\":1}", 1);
    }
    exposition = tw.api.get("/metrics").body();
  }

  @AfterAll
  static void stop() {
    if (sim != null) {
      sim.stop().await();
      simVertx.close().await();
    }
    if (tw != null) {
      tw.close();
    }
  }

  @Test
  void theCatalogListsExactlyWhatIsExposed() throws Exception {
    // The embedded demo: the catalog's families but those only cluster roles export (MetricsContract).
    Set<String> clusterOnly = new TreeSet<>(MetricsContract.clusterFamilies());
    Set<String> documented = new TreeSet<>(MetricsContract.documentedFamilies());
    documented.removeAll(clusterOnly);
    Map<String, String> types = new HashMap<>();
    Matcher type = Pattern.compile("(?m)^# TYPE (tillwatch_[a-z0-9_]+) (\\w+)").matcher(exposition);
    while (type.find()) {
      types.put(type.group(1), type.group(2));
    }
    Set<String> exposed = new TreeSet<>();
    for (String family : types.keySet()) {
      // Micrometer publishes a histogram's maximum as a separate gauge family <name>_max: part of the histogram.
      boolean histogramMax = family.endsWith("_max") && "histogram".equals(types.get(family.substring(0, family.length() - 4)));
      if (!histogramMax) {
        exposed.add(family);
      }
    }
    Set<String> undocumented = new TreeSet<>(exposed);
    undocumented.removeAll(documented);
    Set<String> notExposed = new TreeSet<>(documented);
    notExposed.removeAll(exposed);
    assertEquals(Set.of(), undocumented, "exposed but missing from docs/metrics.md");
    assertEquals(Set.of(), notExposed, "in docs/metrics.md but not exposed");
    // The cluster alerts rely on it: they read only these families, so they are silent on an embedded instance.
    Set<String> clusterExposed = new TreeSet<>(types.keySet());
    clusterExposed.retainAll(clusterOnly);
    assertEquals(Set.of(), clusterExposed, "cluster-only families exposed by an embedded instance");
    assertTrue(exposed.size() >= 25, "sanity: " + exposed);
  }

  @Test
  void noLabelTakesMoreThanFiftyValues() {
    Map<String, Set<String>> values = new TreeMap<>();
    Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{(.*)}\\s");
    Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    int samples = 0;
    for (String line : exposition.split("\n")) {
      Matcher m = sample.matcher(line);
      if (!m.find()) {
        continue;
      }
      samples++;
      Matcher l = label.matcher(m.group(2));
      while (l.find()) {
        if (!FIXED_BY_CODE.contains(l.group(1))) {
          values.computeIfAbsent(m.group(1) + "{" + l.group(1) + "}", k -> new HashSet<>()).add(l.group(2));
        }
      }
    }
    Map<String, Integer> tooMany = new TreeMap<>();
    values.forEach((k, v) -> {
      if (v.size() > MAX_LABEL_VALUES) {
        tooMany.put(k, v.size());
      }
    });
    assertTrue(samples > 500, "sanity: the exposition has " + samples + " labelled samples");
    assertEquals(Map.of(), tooMany, "labels with more than " + MAX_LABEL_VALUES + " values after " + TERMINALS + " terminals");
    for (String forbidden : new String[] {"terminal", "merchant", "txn", "remote", "local", "path"}) {
      assertTrue(values.keySet().stream().noneMatch(k -> k.endsWith("{" + forbidden + "}")), "label " + forbidden + " exists");
    }
  }
}
