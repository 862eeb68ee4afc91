package io.tillwatch.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tillwatch monitoring}: what it writes is a configuration Prometheus itself accepts; bad input exits 2. */
class MonitoringCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int tillwatch(String... args) {
    return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
  }

  @Test
  void writesAConfigurationPromtoolAcceptsWithTheRulesItNames() throws Exception {
    int code = tillwatch("monitoring", "--out=" + dir, "--job=pos-eu",
        "--runbook-base=https://wiki.example.net/runbooks/");
    assertEquals(0, code, err.toString());
    Path prometheus = dir.resolve("alert-rules/prometheus.example.yml");
    assertTrue(out.toString().contains("wrote " + prometheus), out.toString());
    assertTrue(Files.readString(dir.resolve("alert-rules/tillwatch.rules.yml")).contains("up{job=\"pos-eu\"}"));
    // promtool checks the rule files the configuration names, relative to it: one check covers both.
    Process p = new ProcessBuilder("promtool", "check", "config", prometheus.toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.contains("tillwatch.rules.yml"), said);
  }

  @Test
  void aJobNameYamlWouldReadAsABooleanIsRefusedBeforeAnythingIsWritten() throws Exception {
    int code = tillwatch("monitoring", "--out=" + dir, "--job=yes");
    assertEquals(2, code);
    assertTrue(err.toString().contains("--job=yes: expected a name YAML does not read as a boolean or null"),
        err.toString());
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }
}
