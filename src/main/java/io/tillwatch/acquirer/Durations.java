package io.tillwatch.acquirer;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in configuration: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}. */
final class Durations {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  private Durations() {}

  /** Throws IllegalArgumentException for anything else, and for zero. */
  static Duration parse(String text) {
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 250ms, 5s, 2m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
    if (d.isZero()) {
      throw new IllegalArgumentException("'" + text + "' must be more than zero");
    }
    return d;
  }
}
