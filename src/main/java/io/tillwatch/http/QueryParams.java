package io.tillwatch.http;

import io.tillwatch.telemetry.Ids;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A list route's query parameters, read strictly: a parameter the route does not know, or one given
 * twice, is refused (400) rather than ignored, since a misspelt filter that silently matches
 * everything is how an operator misses a task. Every method throws {@link IllegalArgumentException}
 * with a message fit for the problem's detail.
 */
final class QueryParams {
  private final MultiMap params;

  private QueryParams(MultiMap params) {
    this.params = params;
  }

  static QueryParams of(RoutingContext ctx, Set<String> known) {
    MultiMap params = ctx.queryParams();
    for (String name : params.names()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown query parameter '" + shorten(name) + "'; this list takes "
            + String.join(", ", new TreeSet<>(known)));
      }
      if (params.getAll(name).size() > 1) {
        throw new IllegalArgumentException("query parameter '" + name + "' is given more than once; "
            + "list several values separated by commas");
      }
    }
    return new QueryParams(params);
  }

  String raw(String name) {
    String v = params.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  /** Comma-separated values, each matched by {@code parse} (null: not a value); empty when absent. */
  <E extends Enum<E>> Set<E> enums(String name, Class<E> type, Function<String, E> parse) {
    String v = raw(name);
    Set<E> out = EnumSet.noneOf(type);
    if (v == null) {
      return out;
    }
    for (String part : v.split(",", -1)) {
      E e = parse.apply(part.trim());
      if (e == null) {
        throw new IllegalArgumentException("unknown " + name + " '" + shorten(part) + "'; one or more of "
            + String.join(", ", names(type)) + ", separated by commas");
      }
      out.add(e);
    }
    return out;
  }

  /** One enum constant by name, case-insensitive; {@code absent} when not given. */
  <E extends Enum<E>> E one(String name, Class<E> type, E absent) {
    String v = raw(name);
    if (v == null) {
      return absent;
    }
    E e = byName(type).apply(v);
    if (e == null) {
      throw new IllegalArgumentException("unknown " + name + " '" + shorten(v) + "'; one of "
          + String.join(", ", names(type)).toLowerCase(Locale.ROOT));
    }
    return e;
  }

  /** Enum constants by name, case-insensitive. */
  static <E extends Enum<E>> Function<String, E> byName(Class<E> type) {
    return s -> {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s)) {
          return e;
        }
      }
      return null;
    };
  }

  private static List<String> names(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
  }

  /** An id in the contract's character rule ({@link Ids}), or null when absent. */
  String id(String name) {
    String v = raw(name);
    if (v != null && !Ids.isValid(v)) {
      throw new IllegalArgumentException(name + " must be 1..64 characters of [A-Za-z0-9_.-]");
    }
    return v;
  }

  /** Free text without control characters, at most {@code max} characters, or null when absent. */
  String text(String name, int max) {
    String v = raw(name);
    if (v != null && (v.length() > max || v.chars().anyMatch(Character::isISOControl))) {
      throw new IllegalArgumentException(name + " must be at most " + max + " characters, without control characters");
    }
    return v;
  }

  int limit(int defaultLimit, int maxLimit) {
    String v = raw("limit");
    if (v == null) {
      return defaultLimit;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= maxLimit) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException("limit must be a whole number from 1 to " + maxLimit);
  }

  /**
   * An instant (RFC 3339, e.g. {@code 2026-12-01T08:00:00+08:00}) or a UTC day ({@code 2026-12-01}:
   * its start, or with {@code endOfDay} the start of the next day, so {@code to=2026-12-01} includes
   * that day); {@code absent} when not given.
   */
  long time(String name, boolean endOfDay, long absent) {
    String v = raw(name);
    if (v == null) {
      return absent;
    }
    try {
      if (v.length() == 10) {
        LocalDate day = LocalDate.parse(v);
        return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return OffsetDateTime.parse(v).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be an RFC 3339 time such as " + Instant.ofEpochSecond(1764547200)
          + " or a day such as 2026-12-01 (UTC)");
    }
  }

  static String shorten(String s) {
    String clean = s.replaceAll("[^A-Za-z0-9_.,-]", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
  }
}
