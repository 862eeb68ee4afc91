package io.tillwatch.tasks;

/** How a task was settled (contract: "Operator task"). */
public enum Resolution {
  REPRINTED,
  FOUND_IN_BACKOFFICE,
  COLLECTED_AGAIN,
  REFUNDED,
  NO_CHARGE,
  FALSE_ALARM,
  /** A late event closed the finding; set by TillWatch, never by an operator. */
  AUTO_RESOLVED;

  public static Resolution fromWire(String name) {
    for (Resolution r : values()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }
}
