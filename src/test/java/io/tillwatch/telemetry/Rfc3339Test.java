package io.tillwatch.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast path agrees with the JDK's RFC 3339 parser wherever it answers, and declines everything unusual. */
class Rfc3339Test {
  static Long jdk(String s) {
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeException e) {
      return null;
    }
  }

  static void agrees(String s) {
    long fast = Rfc3339.parseMillis(s);
    if (fast == Rfc3339.NOT_FAST) {
      return; // the decoder falls back to the JDK: same answer by construction
    }
    Long expected = jdk(s);
    if (expected == null) {
      fail("fast path accepted what the JDK refuses: " + s);
    }
    assertEquals(expected.longValue(), fast, s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-30T02:00:00.123Z", "2026-11-30T02:00:00Z", "2026-11-30T10:00:00.1+08:00",
      "2024-02-29T23:59:59.999999999-05:30", "2000-01-01T00:00:00Z", "1970-01-01T00:00:00.000+00:00", "2099-12-31T23:59:59-00:00"})
  void commonShapesTakeTheFastPath(String s) {
    assertEquals(jdk(s).longValue(), Rfc3339.parseMillis(s), s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-30t02:00:00Z", "2026-11-30T02:00Z", "2026-02-29T00:00:00Z", "2026-11-31T00:00:00Z",
      "2026-13-01T00:00:00Z", "2026-11-30T24:00:00Z", "2026-11-30T23:60:00Z", "2026-11-30T23:59:60Z",
      "2026-11-30T02:00:00.Z", "2026-11-30T02:00:00.1234567890Z", "2026-11-30T02:00:00+8:00", "2026-11-30T02:00:00+19:00",
      "2026-11-30T02:00:00", "+2026-11-30T02:00:00Z", "２０２６-11-30T02:00:00Z", "2026-11-30T02:00:00+08:00:30"})
  void unusualShapesAreLeftToTheJdk(String s) {
    assertEquals(Rfc3339.NOT_FAST, Rfc3339.parseMillis(s), s);
  }

  @Test
  void randomTimesAndMutationsAgreeWithTheJdk() {
    Random r = new Random(20261130);
    String alphabet = "0123456789-:TZ.+z ";
    for (int i = 0; i < 200_000; i++) {
      String s = String.format("%04d-%02d-%02dT%02d:%02d:%02d%s%s", r.nextInt(2200), r.nextInt(14), r.nextInt(33), r.nextInt(26),
          r.nextInt(62), r.nextInt(62), r.nextBoolean() ? "" : "." + "123456789012".substring(0, r.nextInt(12)),
          switch (r.nextInt(4)) {
            case 0 -> "Z";
            case 1 -> String.format("+%02d:%02d", r.nextInt(20), r.nextInt(61));
            case 2 -> String.format("-%02d:%02d", r.nextInt(20), r.nextInt(61));
            default -> "";
          });
      agrees(s);
      char[] m = s.toCharArray();
      m[r.nextInt(m.length)] = alphabet.charAt(r.nextInt(alphabet.length()));
      agrees(new String(m));
    }
  }
}
