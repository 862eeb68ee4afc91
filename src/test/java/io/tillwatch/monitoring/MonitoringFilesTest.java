package io.tillwatch.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The templates against the committed files, and what a setup of a user's own does to them. */
class MonitoringFilesTest {
  private static final Path ROOT = Path.of(System.getProperty("basedir", "."));
  private static final Path TEMPLATES = ROOT.resolve("src/main/resources/monitoring");
  private static final MonitoringSetup CUSTOM = new MonitoringSetup("pos-watch_eu.1", "https://wiki.example.net/ops/tillwatch/",
      "https://till.example.net/console/", "tw-1.example.net:9464", "am.example.net:9093", "https://prom.example.net:9091",
      "/srv/grafana/dashboards/pos");

  @Test
  void theCommittedAlertRulesAndDashboardsAreTheOutputForTheDefaults() throws IOException {
    Map<String, String> generated = MonitoringFiles.render(MonitoringSetup.DEFAULTS);
    List<String> differing = new ArrayList<>();
    for (Map.Entry<String, String> f : generated.entrySet()) {
      Path committed = ROOT.resolve(f.getKey());
      if (!Files.exists(committed) || !Files.readString(committed, StandardCharsets.UTF_8).equals(f.getValue())) {
        differing.add(f.getKey());
      }
    }
    assertEquals(List.of(), differing, "edit src/main/resources/monitoring/, then regenerate: "
        + "java -jar target/tillwatch.jar monitoring --out=. (docs/monitoring.md)");
    assertEquals(filesUnder(ROOT, "alert-rules", "dashboards"), new TreeSet<>(generated.keySet()),
        "alert-rules/ and dashboards/ hold exactly the generated files: a file added there by hand belongs in the templates");
  }

  @Test
  void everyTemplateIsListedInFilesTxt() throws IOException {
    Set<String> onDisk = filesUnder(TEMPLATES, "alert-rules", "dashboards");
    assertEquals(onDisk, new TreeSet<>(MonitoringFiles.paths()));
  }

  @Test
  void aSetupOfTheUsersOwnReachesEveryFileThatDependsOnIt() {
    Map<String, String> files = MonitoringFiles.render(CUSTOM);
    String rules = files.get("alert-rules/tillwatch.rules.yml");
    assertTrue(rules.contains("expr: up{job=\"pos-watch_eu.1\"} == 0"), "TillWatchDown selects the user's job");
    assertTrue(rules.contains("expr: absent(up{job=\"pos-watch_eu.1\"})"));
    assertTrue(rules.contains("runbook_url: https://wiki.example.net/ops/tillwatch/tillwatchdown\n"));
    assertTrue(rules.contains("console_url: https://till.example.net/console/#/inbox?kind=STUCK_REVERSAL\n"));
    String daemonTests = files.get("alert-rules/tests/daemon.test.yml");
    assertTrue(daemonTests.contains("'up{job=\"pos-watch_eu.1\",instance="), "the tests feed the job the rules select");
    assertTrue(daemonTests.contains("job: pos-watch_eu.1\n"), "and expect it as the alerts' label");
    String prometheus = files.get("alert-rules/prometheus.example.yml");
    assertTrue(prometheus.contains("job_name: \"pos-watch_eu.1\""));
    assertTrue(prometheus.contains("targets: [\"tw-1.example.net:9464\"]"));
    assertTrue(prometheus.contains("targets: [\"am.example.net:9093\"]"));
    assertTrue(prometheus.contains("rule_files:\n  - tillwatch.rules.yml\n"), "the rule file is named as it is written");
    assertTrue(files.get("dashboards/provisioning/datasource.yml").contains("url: https://prom.example.net:9091\n"));
    assertTrue(files.get("dashboards/provisioning/dashboards.yml").contains("path: /srv/grafana/dashboards/pos\n"));
    for (Map.Entry<String, String> f : files.entrySet()) {
      String text = f.getValue();
      assertFalse(text.contains("%%"), f.getKey() + ": a placeholder is left");
      assertFalse(text.contains("job=\"tillwatch\"") || text.contains("job: tillwatch\n"), f.getKey() + ": the default job is left");
      assertFalse(text.contains(MonitoringSetup.DEFAULT_RUNBOOK_BASE), f.getKey() + ": the default runbook base is left");
      assertFalse(text.contains(MonitoringSetup.DEFAULT_CONSOLE_URL), f.getKey() + ": the default console is left");
    }
  }

  @Test
  void everyRunbookUrlIsTheBasePlusTheAlertNameInLowerCase() {
    Pattern alertThenUrl = Pattern.compile("(?:- alert|alertname): (\\S+)\\n(?:(?!\\s*(?:- alert|alertname):).*\\n)*?\\s*runbook_url: (\\S+)");
    int seen = 0;
    for (Map.Entry<String, String> f : MonitoringFiles.render(CUSTOM).entrySet()) {
      Matcher m = alertThenUrl.matcher(f.getValue());
      while (m.find()) {
        assertEquals(CUSTOM.runbookBase() + m.group(1).toLowerCase(java.util.Locale.ROOT), m.group(2), f.getKey());
        seen++;
      }
    }
    assertTrue(seen > 40, "runbook_urls checked: " + seen);
  }

  @Test
  void valuesThatWouldChangeTheFilesMeaningAreRefusedWithTheReason() {
    assertRefused("--job=true", () -> setupWithJob("true"));
    assertRefused("--job=9lives", () -> setupWithJob("9lives"));
    assertRefused("--job=a b", () -> setupWithJob("a b"));
    // The rule tests give this name to another Prometheus job; the user's would be the same series.
    assertRefused("another Prometheus job", () -> MonitoringFiles.render(setupWithJob("prometheus")));
    assertRefused("--runbook-base=wiki/runbooks", () -> MonitoringSetup.fromOptions(Map.of("--runbook-base", "wiki/runbooks")));
    assertRefused("--runbook-base=https://x.example/a b", () -> MonitoringSetup.fromOptions(Map.of("--runbook-base", "https://x.example/a b")));
    assertRefused("--console-url=https://x.example/console", () -> MonitoringSetup.fromOptions(Map.of("--console-url", "https://x.example/console")));
    assertRefused("--target=tw-1", () -> MonitoringSetup.fromOptions(Map.of("--target", "tw-1")));
    assertRefused("--grafana-dashboards-dir=dashboards", () -> MonitoringSetup.fromOptions(Map.of("--grafana-dashboards-dir", "dashboards")));
    assertRefused("unknown option(s): --jbo", () -> MonitoringSetup.fromOptions(Map.of("--jbo", "x")));
  }

  private static MonitoringSetup setupWithJob(String job) {
    return MonitoringSetup.fromOptions(Map.of("--job", job));
  }

  private static void assertRefused(String expected, org.junit.jupiter.api.function.Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static Set<String> filesUnder(Path root, String... dirs) throws IOException {
    Set<String> out = new TreeSet<>();
    for (String d : dirs) {
      try (Stream<Path> s = Files.walk(root.resolve(d))) {
        s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
      }
    }
    return out;
  }
}
