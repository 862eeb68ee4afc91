package io.tillwatch.app.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the duration syntax of the configuration: {@code 500ms}, {@code 2s}, {@code 15m}, {@code 24h}, {@code 90d}. */
public final class Durations {
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = SYNTAX.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration like 500ms, 2s, 15m, 24h or 90d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The shortest exact text form, so the start-up line shows what was configured. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    long[] unitsMs = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < unitsMs.length; i++) {
      if (ms != 0 && ms % unitsMs[i] == 0) {
        return (ms / unitsMs[i]) + names[i];
      }
    }
    return ms + "ms";
  }
}
