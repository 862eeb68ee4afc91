package io.tillwatch.bench.journal;

import io.tillwatch.bench.decode.Payloads;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import io.tillwatch.telemetry.TxnEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The rows both journal benchmarks write (decoded simulator payloads) and their temp-dir handling. */
final class JournalRows {
  static final int POOL = Payloads.POOL;

  private JournalRows() {}

  static TxnEvent[] events() throws Exception {
    TelemetryDecoder decoder = new TelemetryDecoder(16 * 1024);
    byte[][] payloads = Payloads.authorized(7);
    TxnEvent[] out = new TxnEvent[payloads.length];
    for (int i = 0; i < payloads.length; i++) {
      Topic topic = new Topic("m00" + (i % 10), String.format("t%05d", i % 2000), TopicKind.TXN);
      out[i] = (TxnEvent) decoder.decode(topic, payloads[i]);
    }
    return out;
  }

  /**
   * A fresh data directory on the same disk as the project (java.io.tmpdir by default; must not be
   * a tmpfs, or fsync costs nothing): scripts/jmh.sh points it at target/jmh-tmp.
   */
  static Path tempDir() throws IOException {
    return Files.createTempDirectory("tillwatch-jmh-journal");
  }

  static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
