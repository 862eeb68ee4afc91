package io.tillwatch.app.cli;

import io.tillwatch.monitoring.MonitoringFiles;
import io.tillwatch.monitoring.MonitoringSetup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Writes the alert rules, their tests, and the Prometheus, Alertmanager and Grafana files for one deployment. */
@Command(name = "monitoring", mixinStandardHelpOptions = true,
    description = "Write the monitoring configuration for your setup: alert rules and their promtool tests, a prometheus.yml "
        + "fragment, an Alertmanager configuration and the Grafana provisioning files and dashboards (docs/monitoring.md).")
final class MonitoringCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write into (created; files of the same name are overwritten).")
  Path out;

  @Option(names = "--job", paramLabel = "NAME", defaultValue = MonitoringSetup.DEFAULT_JOB,
      description = "Prometheus scrape job name of TillWatch (default: ${DEFAULT-VALUE}).")
  String job;

  @Option(names = "--runbook-base", paramLabel = "URL", defaultValue = MonitoringSetup.DEFAULT_RUNBOOK_BASE,
      description = "Runbook URL prefix; each alert links to it + its name in lower case (default: ${DEFAULT-VALUE}).")
  String runbookBase;

  @Option(names = "--console-url", paramLabel = "URL", defaultValue = MonitoringSetup.DEFAULT_CONSOLE_URL,
      description = "The operator console's address (…/console/) the task alerts link to (default: ${DEFAULT-VALUE}).")
  String consoleUrl;

  @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = MonitoringSetup.DEFAULT_TARGET,
      description = "host:port Prometheus scrapes /metrics from (default: ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--alertmanager", paramLabel = "HOST:PORT", defaultValue = MonitoringSetup.DEFAULT_ALERTMANAGER,
      description = "host:port of the Alertmanager Prometheus sends alerts to (default: ${DEFAULT-VALUE}).")
  String alertmanager;

  @Option(names = "--prometheus-url", paramLabel = "URL", defaultValue = MonitoringSetup.DEFAULT_PROMETHEUS_URL,
      description = "URL Grafana queries Prometheus at (default: ${DEFAULT-VALUE}).")
  String prometheusUrl;

  @Option(names = "--grafana-dashboards-dir", paramLabel = "DIR", defaultValue = MonitoringSetup.DEFAULT_GRAFANA_DASHBOARDS_DIR,
      description = "Where Grafana reads the dashboards from (default: ${DEFAULT-VALUE}).")
  String grafanaDashboardsDir;

  @Override
  public Integer call() throws Exception {
    try {
      MonitoringSetup setup = new MonitoringSetup(job, runbookBase, consoleUrl, target, alertmanager, prometheusUrl, grafanaDashboardsDir);
      for (Path p : MonitoringFiles.write(setup, out)) {
        spec.commandLine().getOut().println("wrote " + p);
      }
      spec.commandLine().getOut().flush();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("tillwatch monitoring: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return 2;
    }
    return 0;
  }
}
