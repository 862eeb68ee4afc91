package io.tillwatch.reconcile;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Bill timestamps: "2026-12-01 10:00:02" in the bill's zone, or an ISO-8601 instant with an offset. */
final class BillTimes {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  private static final DateTimeFormatter LOCAL_SLASH = DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss");

  private BillTimes() {}

  static long parse(String text, ZoneId zone) {
    String t = text.strip();
    try {
      if (t.length() > 19 && (t.charAt(10) == 'T')) {
        return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
      }
      DateTimeFormatter f = t.length() > 4 && t.charAt(4) == '/' ? LOCAL_SLASH : LOCAL;
      return LocalDateTime.parse(t, f).atZone(zone).toInstant().toEpochMilli();
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("not a time: '" + text + "' (expected yyyy-MM-dd HH:mm:ss)");
    }
  }

  static String format(long epochMs, ZoneId zone) {
    return LOCAL.format(Instant.ofEpochMilli(epochMs).atZone(zone));
  }
}
