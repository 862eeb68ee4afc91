package io.tillwatch.sim;

import io.tillwatch.engine.FindingKind;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The findings the simulator expects, in memory and optionally as a JSON Lines file. Each line is
 * flushed as it is written (faults are rare next to sales), so a test or a scorer can read the file
 * while the simulation runs. Thread-safe: terminals on several event loops record here.
 */
public final class GroundTruth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GroundTruth.class);

  private final List<GroundTruthRecord> records = new ArrayList<>();
  private final BufferedWriter out;
  private boolean writeFailed;

  private GroundTruth(BufferedWriter out) {
    this.out = out;
  }

  public static GroundTruth inMemory() {
    return new GroundTruth(null);
  }

  /** Creates (or truncates) the file; parent directories are created. */
  public static GroundTruth toFile(Path path) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return new GroundTruth(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open ground-truth file " + path, e);
    }
  }

  public synchronized void record(GroundTruthRecord r) {
    records.add(r);
    if (out != null && !writeFailed) {
      try {
        out.write(r.toJsonLine());
        out.newLine();
        out.flush();
      } catch (IOException e) {
        writeFailed = true; // keep simulating; the in-memory copy stays complete
        LOG.error("writing the ground-truth file failed; further lines are kept in memory only", e);
      }
    }
  }

  public synchronized List<GroundTruthRecord> all() {
    return List.copyOf(records);
  }

  public synchronized List<GroundTruthRecord> ofKind(FindingKind kind) {
    return records.stream().filter(r -> r.kind() == kind).toList();
  }

  public synchronized int size() {
    return records.size();
  }

  @Override
  public synchronized void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("closing the ground-truth file failed", e);
      }
    }
  }

  /** Reads a ground-truth file; blank lines are skipped, a line being written may be cut: it is skipped too. */
  public static List<GroundTruthRecord> readFile(Path path) throws IOException {
    List<GroundTruthRecord> result = new ArrayList<>();
    for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        result.add(GroundTruthRecord.fromJsonLine(line));
      } catch (IllegalArgumentException e) {
        LOG.debug("skipping an incomplete ground-truth line");
      }
    }
    return result;
  }
}
