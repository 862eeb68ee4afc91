package io.tillwatch.app.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Value parsers with the range checks the settings need. */
final class Parsers {
  private Parsers() {}

  static Function<String, Integer> intIn(int min, int max) {
    return s -> {
      int v;
      try {
        v = Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a whole number");
      }
      if (v < min || v > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return v;
    };
  }

  static Function<String, Duration> durationIn(Duration min, Duration max) {
    return s -> {
      Duration d = Durations.parse(s);
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        throw new IllegalArgumentException("must be between " + Durations.format(min) + " and " + Durations.format(max));
      }
      return d;
    };
  }

  /** Comma-separated durations, each within [min, max], in increasing order; e.g. {@code 30s,2m,10m}. */
  static Function<String, List<Duration>> durationsIn(Duration min, Duration max) {
    Function<String, Duration> one = durationIn(min, max);
    return s -> {
      List<Duration> out = new ArrayList<>();
      for (String part : s.split(",")) {
        Duration d = one.apply(part.strip());
        if (!out.isEmpty() && d.compareTo(out.get(out.size() - 1)) < 0) {
          throw new IllegalArgumentException("must not get shorter: " + part.strip() + " after " + Durations.format(out.get(out.size() - 1)));
        }
        out.add(d);
      }
      return List.copyOf(out);
    };
  }

  static Function<String, String> host() {
    return s -> {
      String h = s.trim();
      if (h.isEmpty() || h.contains(" ")) {
        throw new IllegalArgumentException("not a host name or address");
      }
      return h;
    };
  }

  static Function<String, String> nonEmpty() {
    return s -> {
      if (s.isBlank()) {
        throw new IllegalArgumentException("must not be empty");
      }
      return s.trim();
    };
  }

  static Function<String, String> oneOf(String... allowed) {
    return s -> {
      String v = s.trim().toLowerCase(Locale.ROOT);
      for (String a : allowed) {
        if (a.equals(v)) {
          return v;
        }
      }
      throw new IllegalArgumentException("must be one of " + String.join(", ", allowed));
    };
  }

  /** A time zone id such as Asia/Shanghai. */
  static Function<String, java.time.ZoneId> zone() {
    return s -> {
      try {
        return java.time.ZoneId.of(s.trim());
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("not a time zone id (e.g. Asia/Shanghai)");
      }
    };
  }

  /** Any text, empty allowed (optional settings such as credentials). */
  static Function<String, String> optional() {
    return String::trim;
  }

  /** {@code index/count} with 0 <= index < count. */
  static Function<String, int[]> partition() {
    return s -> {
      String[] p = s.trim().split("/");
      try {
        int i = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        if (p.length != 2 || n < 1 || i < 0 || i >= n) {
          throw new IllegalArgumentException();
        }
        return new int[] {i, n};
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("must be index/count with 0 <= index < count, e.g. 0/1 or 2/4");
      }
    };
  }

  static Function<String, java.net.URI> brokerUrl() {
    return io.tillwatch.ingest.BrokerSettings::parseUrl;
  }

  static Function<String, Boolean> bool() {
    return s -> switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw new IllegalArgumentException("must be on or off (true or false)");
    };
  }

  /** Empty (-1: not set) or a port 0..65535. */
  static Function<String, Integer> optionalPort() {
    Function<String, Integer> port = intIn(0, 65535);
    return s -> s.isBlank() ? -1 : port.apply(s);
  }

  /** An HTTP header name (RFC 9110 token characters). */
  static Function<String, String> headerName() {
    return s -> {
      String h = s.trim();
      if (!h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
        throw new IllegalArgumentException("not an HTTP header name");
      }
      return h;
    };
  }
}
