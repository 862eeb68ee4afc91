package io.tillwatch.engine;

import java.util.Locale;

/** Whether a terminal is heard; a metric label ({@code tillwatch_terminals{liveness}}). */
public enum Liveness {
  /** Heard within silenceFactor x intervalSec. */
  ONLINE,
  /** Not heard for silenceFactor x intervalSec. */
  SILENT,
  /** Its Last Will (or an explicit {@code offline}) was the last thing heard. */
  OFFLINE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
