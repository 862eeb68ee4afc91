package io.tillwatch.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Percentiles (nearest rank) of a few dozen latencies, written where CI keeps artifacts. */
final class LatencyReport {
  private LatencyReport() {}

  /** The nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
  static long percentile(List<Long> samples, double p) {
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  static String line(String what, List<Long> samples) {
    return String.format("%s: n=%d p50=%d ms p99=%d ms min=%d ms max=%d ms", what, samples.size(), percentile(samples, 50),
        percentile(samples, 99), Collections.min(samples), Collections.max(samples));
  }

  static void write(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
  }
}
