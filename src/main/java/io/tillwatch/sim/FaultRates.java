package io.tillwatch.sim;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The probability, per dispatched sale, that the sale carries a fault of each kind. Rates add up to
 * at most 1; the rest of the sales are normal.
 *
 * <p>Spec strings: {@code unprinted=0.05,unconfirmed=0.02,...} names kinds explicitly (others are 0);
 * a single number such as {@code 0.05} spreads that fraction evenly over the sale-level kinds;
 * {@code 0} means no faults.
 */
public final class FaultRates {
  private final EnumMap<FaultKind, Double> rates;

  private FaultRates(EnumMap<FaultKind, Double> rates) {
    this.rates = rates;
  }

  public static FaultRates none() {
    return new FaultRates(new EnumMap<>(FaultKind.class));
  }

  /** Explicit rates; kinds not in the map are 0. */
  public static FaultRates of(Map<FaultKind, Double> rates) {
    EnumMap<FaultKind, Double> m = new EnumMap<>(FaultKind.class);
    double sum = 0;
    for (Map.Entry<FaultKind, Double> e : rates.entrySet()) {
      double v = e.getValue();
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException("fault rate for " + e.getKey().specName() + " must be between 0 and 1, got " + v);
      }
      if (v > 0) {
        m.put(e.getKey(), v);
      }
      sum += v;
    }
    if (sum > 1 + 1e-9) {
      throw new IllegalArgumentException("fault rates add up to " + sum + "; they are fractions of sales and must add up to at most 1");
    }
    return new FaultRates(m);
  }

  /** {@code total} spread evenly over the five sale-level kinds. */
  public static FaultRates spread(double total) {
    if (!(total >= 0 && total <= 1)) {
      throw new IllegalArgumentException("fault rate must be between 0 and 1, got " + total);
    }
    FaultKind[] saleKinds = Arrays.stream(FaultKind.values()).filter(FaultKind::saleLevel).toArray(FaultKind[]::new);
    EnumMap<FaultKind, Double> m = new EnumMap<>(FaultKind.class);
    for (FaultKind k : saleKinds) {
      m.put(k, total / saleKinds.length);
    }
    return of(m);
  }

  /** Parses a fault spec; the message of the exception says what is wrong and what is allowed. */
  public static FaultRates parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("fault spec is empty; use 0 for no faults, a fraction such as 0.05, or kind=rate pairs");
    }
    String s = spec.trim();
    if (!s.contains("=")) {
      return spread(number(s, "fault spec"));
    }
    EnumMap<FaultKind, Double> m = new EnumMap<>(FaultKind.class);
    for (String part : s.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("fault spec item '" + p + "' must be kind=rate");
      }
      String name = p.substring(0, eq).trim();
      FaultKind kind = FaultKind.fromSpec(name);
      if (kind == null) {
        throw new IllegalArgumentException("unknown fault kind '" + name + "'; known kinds: " + knownKinds());
      }
      if (m.containsKey(kind)) {
        throw new IllegalArgumentException("fault kind " + kind.specName() + " is given twice");
      }
      m.put(kind, number(p.substring(eq + 1).trim(), "rate of " + kind.specName()));
    }
    return of(m);
  }

  private static double number(String s, String what) {
    try {
      double v = Double.parseDouble(s);
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a number between 0 and 1, got '" + s + "'");
    }
  }

  private static String knownKinds() {
    return Arrays.stream(FaultKind.values()).map(FaultKind::specName).collect(Collectors.joining(", "));
  }

  public double rate(FaultKind kind) {
    return rates.getOrDefault(kind, 0.0);
  }

  public double total() {
    return rates.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  public boolean isNone() {
    return rates.isEmpty();
  }

  /**
   * Maps a uniform draw in [0,1) to a fault kind, or null for a normal sale. Kinds take consecutive
   * slices of [0,1) in declaration order.
   */
  public FaultKind pick(double uniform) {
    double edge = 0;
    for (Map.Entry<FaultKind, Double> e : rates.entrySet()) {
      edge += e.getValue();
      if (uniform < edge) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The spec string this parses back from. */
  @Override
  public String toString() {
    if (rates.isEmpty()) {
      return "0";
    }
    return rates.entrySet().stream().map(e -> e.getKey().specName() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultRates f && f.rates.equals(rates);
  }

  @Override
  public int hashCode() {
    return rates.hashCode();
  }
}
