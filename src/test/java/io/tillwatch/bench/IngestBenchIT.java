package io.tillwatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/ingest.sh at tiny size, so the benchmark harness does not rot: every phase runs (TillWatch
 * embedded, with a scraper, open loop, Mosquitto relay, broker mode, idle connections) and reports
 * a non-zero rate, and the report names the ratios. Figures at this size mean nothing.
 */
class IngestBenchIT {
  private static final List<String> LOADED = List.of("embedded-20", "scrape-20", "latency-20", "mosquitto-20", "broker-20");

  @TempDir
  Path dir;

  @Test
  void tinyRunReportsEveryPhase() throws Exception {
    Path out = dir.resolve("out");
    Path log = dir.resolve("ingest.log");
    Process p = new ProcessBuilder("bash", "bench/ingest.sh", "--tiny", "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      assertTrue(p.waitFor(150, TimeUnit.SECONDS), "ingest.sh --tiny took over 150 s; see " + log);
    } finally {
      p.destroyForcibly();
    }
    String report = Files.readString(log);
    assertEquals(0, p.exitValue(), report);

    Map<String, JsonObject> phases = new LinkedHashMap<>();
    for (String line : Files.readAllLines(out.resolve("results.jsonl"))) {
      JsonObject j = new JsonObject(line);
      phases.put(j.getString("phase"), j);
    }
    for (String phase : LOADED) {
      JsonObject j = phases.get(phase);
      assertTrue(j != null, phase + " missing from " + phases.keySet());
      assertTrue(j.getDouble("eventsPerSec") > 0, phase + ": no events/s: " + j);
      assertTrue(j.getDouble("p99Ms") > 0, phase + ": no latency: " + j);
      assertTrue(j.getDouble("serverCpuSec") > 0 && j.getInteger("peakRssMiB") > 0, phase + ": server not sampled: " + j);
    }
    JsonObject idle = phases.get("idle-50");
    assertTrue(idle != null && idle.getInteger("connected") == 50 && idle.getInteger("rssMiB") > 0, "idle phase: " + idle);
    for (String line : List.of("ratio embedded / mosquitto relay (20)", "ratio broker mode / mosquitto relay (20)",
        "ratio with scraper / without (20)", "p99 open loop, latency-20:", "idle: 50 connections")) {
      assertTrue(report.contains(line), "report lacks '" + line + "':\n" + report);
    }
  }
}
