package io.tillwatch.monitoring;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a deployment's monitoring files depend on: the Prometheus scrape job, the runbook and console
 * addresses the alerts link to, and where Prometheus, Alertmanager and Grafana find each other.
 *
 * <p>Every value lands unquoted in YAML (rule tests, annotations) or inside a PromQL string, so each
 * is checked here against what those places accept, and a value that would change the meaning of
 * the file it lands in (a YAML boolean as a job name, a space in a URL) is refused with the reason.
 */
public record MonitoringSetup(String job, String runbookBase, String consoleUrl, String target, String alertmanager,
    String prometheusUrl, String grafanaDashboardsDir) {

  public static final String DEFAULT_JOB = "tillwatch";
  /** The runbooks of the TillWatch release: docs/runbooks.md, one section per alert. */
  public static final String DEFAULT_RUNBOOK_BASE = "https://github.com/tillwatch/tillwatch/blob/main/docs/runbooks.md#";
  /** A placeholder that resolves nowhere on purpose: links to it cannot reach a stranger's host. */
  public static final String DEFAULT_CONSOLE_URL = "https://tillwatch.example/console/";
  public static final String DEFAULT_TARGET = "localhost:8080";
  public static final String DEFAULT_ALERTMANAGER = "localhost:9093";
  public static final String DEFAULT_PROMETHEUS_URL = "http://localhost:9090";
  public static final String DEFAULT_GRAFANA_DASHBOARDS_DIR = "/var/lib/grafana/dashboards/tillwatch";

  /** Prometheus accepts any job name; this subset is a plain YAML scalar and needs no escaping in PromQL. */
  private static final Pattern JOB = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  /** Plain scalars YAML 1.1 (promtool's parser) reads as booleans or null, not as the string. */
  private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9_.-]+):[0-9]{1,5}");
  private static final Pattern DIR = Pattern.compile("/[A-Za-z0-9_./-]*");

  /** After the patterns: the constructor checks with them. */
  public static final MonitoringSetup DEFAULTS = new MonitoringSetup(DEFAULT_JOB, DEFAULT_RUNBOOK_BASE, DEFAULT_CONSOLE_URL,
      DEFAULT_TARGET, DEFAULT_ALERTMANAGER, DEFAULT_PROMETHEUS_URL, DEFAULT_GRAFANA_DASHBOARDS_DIR);

  public MonitoringSetup {
    check("--job", job, JOB.matcher(job).matches(), "letters, digits, _ . - and not starting with a digit, . or -");
    check("--job", job, !YAML_WORDS.contains(job.toLowerCase(Locale.ROOT)), "a name YAML does not read as a boolean or null");
    url("--runbook-base", runbookBase);
    url("--console-url", consoleUrl);
    check("--console-url", consoleUrl, consoleUrl.endsWith("/"), "the console's address ending in / (the daemon serves it at /console/)");
    check("--target", target, HOST_PORT.matcher(target).matches(), "host:port of TillWatch's HTTP listener");
    check("--alertmanager", alertmanager, HOST_PORT.matcher(alertmanager).matches(), "host:port of the Alertmanager");
    url("--prometheus-url", prometheusUrl);
    check("--grafana-dashboards-dir", grafanaDashboardsDir, DIR.matcher(grafanaDashboardsDir).matches(),
        "an absolute path of letters, digits, _ . - and /");
  }

  /**
   * A setup from {@code --name=value} options, the defaults for those not given: the options of
   * {@code tillwatch monitoring} other than --out, for a caller without the CLI (scripts/check-rules.sh).
   */
  public static MonitoringSetup fromOptions(Map<String, String> options) {
    Map<String, String> o = new LinkedHashMap<>(options);
    MonitoringSetup s = new MonitoringSetup(take(o, "--job", DEFAULT_JOB), take(o, "--runbook-base", DEFAULT_RUNBOOK_BASE),
        take(o, "--console-url", DEFAULT_CONSOLE_URL), take(o, "--target", DEFAULT_TARGET),
        take(o, "--alertmanager", DEFAULT_ALERTMANAGER), take(o, "--prometheus-url", DEFAULT_PROMETHEUS_URL),
        take(o, "--grafana-dashboards-dir", DEFAULT_GRAFANA_DASHBOARDS_DIR));
    if (!o.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s): " + String.join(", ", o.keySet()));
    }
    return s;
  }

  private static String take(Map<String, String> options, String name, String defaultValue) {
    String v = options.remove(name);
    return v == null ? defaultValue : v;
  }

  /** The templates' placeholders (%%NAME%%) and their values. */
  Map<String, String> placeholders() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("JOB", job);
    m.put("RUNBOOK_BASE", runbookBase);
    m.put("CONSOLE_URL", consoleUrl);
    m.put("TARGET", target);
    m.put("ALERTMANAGER", alertmanager);
    m.put("PROMETHEUS_URL", prometheusUrl);
    m.put("GRAFANA_DASHBOARDS_DIR", grafanaDashboardsDir);
    return m;
  }

  /** An absolute http(s) URL without whitespace or quotes: it is written as a plain YAML scalar. */
  private static void url(String option, String value) {
    boolean ok;
    try {
      URI u = new URI(value);
      ok = u.isAbsolute() && ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null
          && !value.matches(".*[\\s\"'{}].*");
    } catch (URISyntaxException e) {
      ok = false;
    }
    check(option, value, ok, "an absolute http:// or https:// URL");
  }

  private static void check(String option, String value, boolean ok, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(option + "=" + value + ": expected " + expected);
    }
  }
}
