package io.tillwatch.sim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Splits a {@code name=value,name=value} option spec into its items, in order; blank items are skipped. */
final class SpecItems {
  private SpecItems() {}

  /** {@code what} names the spec in the message when an item has no {@code =}, e.g. "outcome item". */
  static Map<String, String> parse(String spec, String what) {
    Map<String, String> items = new LinkedHashMap<>();
    if (spec == null || spec.isBlank()) {
      return items;
    }
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(what + " '" + p + "' must be name=value");
      }
      items.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), p.substring(eq + 1).trim());
    }
    return items;
  }

  /** A probability or fraction in [0,1]; the range itself is the caller's check. */
  static double number(String name, String v) {
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number between 0 and 1, got '" + v + "'");
    }
  }
}
