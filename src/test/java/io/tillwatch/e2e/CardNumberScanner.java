package io.tillwatch.e2e;

import io.tillwatch.fuzz.CardOracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Searches files byte by byte for what a PCI DSS data-discovery scan looks for: a run of 13 to 19
 * digits (single spaces or dashes between digits allowed) that passes the Luhn check — the same
 * rule the decoder refuses payloads by. Binary files
 * (the SQLite database, its WAL, freed pages included) are read as bytes, so text anywhere in them
 * is found.
 *
 * <p>One exclusion, reported separately: a 13-digit run that reads as an epoch-millisecond time
 * inside the run's window. TillWatch stores such times as text in a few places (task subjects such
 * as {@code silent@1764468000123}); one in ten passes Luhn by chance, and none is a card number
 * (no card number starts with 1).
 */
final class CardNumberScanner {
  record Hit(Path file, String digits) {}

  record Result(List<Hit> cardNumbers, int timestampsExcluded, int filesScanned, long bytesScanned) {}

  private final long windowStartMs;
  private final long windowEndMs;

  CardNumberScanner(long windowStartMs, long windowEndMs) {
    this.windowStartMs = windowStartMs;
    this.windowEndMs = windowEndMs;
  }

  Result scan(List<Path> roots) throws IOException {
    List<Hit> hits = new ArrayList<>();
    int[] excluded = {0};
    int files = 0;
    long bytes = 0;
    for (Path root : roots) {
      List<Path> paths;
      try (Stream<Path> s = Files.isDirectory(root) ? Files.walk(root) : Stream.of(root)) {
        paths = s.filter(Files::isRegularFile).toList();
      }
      for (Path p : paths) {
        byte[] data = Files.readAllBytes(p);
        files++;
        bytes += data.length;
        scanBytes(p, data, hits, excluded);
      }
    }
    return new Result(hits, excluded[0], files, bytes);
  }

  private void scanBytes(Path file, byte[] data, List<Hit> hits, int[] excluded) {
    // ISO-8859-1 maps every byte to one char, so digit runs in binary pages are seen as they are.
    for (String run : CardOracle.runs(new String(data, StandardCharsets.ISO_8859_1), true)) {
      // a whole run of 13..19 digits, as the decoder's rule (a longer run is no card number)
      if (run.length() >= 13 && run.length() <= 19 && CardOracle.luhn(run)) {
        if (isTimeInWindow(run)) {
          excluded[0]++;
        } else {
          hits.add(new Hit(file, run));
        }
      }
    }
  }

  private boolean isTimeInWindow(String digits) {
    if (digits.length() != 13) {
      return false;
    }
    long v = Long.parseLong(digits);
    return v >= windowStartMs && v <= windowEndMs;
  }

}
