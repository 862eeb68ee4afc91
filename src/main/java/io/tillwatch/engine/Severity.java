package io.tillwatch.engine;

import java.util.Locale;

/** Severity of a finding and of its operator task; also the alerting severity label set. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Severity fromLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
