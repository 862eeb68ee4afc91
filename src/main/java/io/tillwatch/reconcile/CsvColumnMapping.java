package io.tillwatch.reconcile;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which header names of a generic CSV bill hold which fields, how amounts are written and which
 * status values mean charged or refunded. Written as one setting:
 * {@code ref=Order No,amount=Amount,time=Paid At,amount-unit=major,charged=APPROVED|SUCCESS,refunded=REFUND}.
 * A field not named keeps its default header, which is the field's own name
 * ({@code merchant, terminal, ref, acquirer_ref, rrn, amount, currency, status, time}).
 */
public record CsvColumnMapping(Map<Field, String> headers, boolean amountInMinorUnits, Set<String> charged,
    Set<String> refunded) {

  /** The fields a generic bill line can carry; {@code ref}, {@code amount}, {@code time} are required. */
  public enum Field {
    MERCHANT, TERMINAL, REF, ACQUIRER_REF, RRN, AMOUNT, CURRENCY, STATUS, TIME;

    String defaultHeader() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final CsvColumnMapping DEFAULT = parse("");

  public CsvColumnMapping {
    headers = Map.copyOf(headers);
    charged = Set.copyOf(charged);
    refunded = Set.copyOf(refunded);
  }

  /** Parses the mapping text; throws IllegalArgumentException naming the bad part. */
  public static CsvColumnMapping parse(String text) {
    Map<Field, String> headers = new EnumMap<>(Field.class);
    for (Field f : Field.values()) {
      headers.put(f, f.defaultHeader());
    }
    boolean minor = false;
    Set<String> charged = Set.of("CHARGED", "SUCCESS", "APPROVED", "PAID");
    Set<String> refunded = Set.of("REFUNDED", "REFUND", "REVERSED", "REVOKED", "VOIDED");
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new IllegalArgumentException("column mapping: expected key=value, found '" + part.strip() + "'");
      }
      String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
      String value = part.substring(eq + 1).strip();
      switch (key) {
        case "amount-unit" -> minor = switch (value) {
          case "minor" -> true;
          case "major" -> false;
          default -> throw new IllegalArgumentException("column mapping: amount-unit is minor or major, not '" + value + "'");
        };
        case "charged" -> charged = values(value);
        case "refunded" -> refunded = values(value);
        default -> {
          Field f;
          try {
            f = Field.valueOf(key.replace('-', '_').toUpperCase(Locale.ROOT));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("column mapping: unknown field '" + key + "'");
          }
          headers.put(f, value);
        }
      }
    }
    return new CsvColumnMapping(headers, minor, charged, refunded);
  }

  private static Set<String> values(String text) {
    java.util.HashSet<String> out = new java.util.HashSet<>();
    for (String v : text.split("\\|")) {
      if (!v.isBlank()) {
        out.add(v.strip().toUpperCase(Locale.ROOT));
      }
    }
    return out;
  }
}
