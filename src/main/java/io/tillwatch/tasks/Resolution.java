package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKind;
import java.util.List;

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

  private static final List<Resolution> ANY_OUTCOME = List.of(REPRINTED, FOUND_IN_BACKOFFICE, COLLECTED_AGAIN, REFUNDED,
      NO_CHARGE, FALSE_ALARM);

  /**
   * The resolutions an operator may give a task of this kind, most likely first: the ones that
   * can be true of what the kind says happened. An authorized sale (unprinted receipt) cannot end in
   * "collected again", nor a charge on the bill in "collected again" or "no charge"; a possible second charge or a stuck
   * reversal is settled by the money, never by a reprint; a terminal-level finding has no sale to
   * reprint, refund or collect.
   */
  public static List<Resolution> allowedFor(FindingKind kind) {
    return switch (kind) {
      // an authorization can still be voided before it settles: no charge after all
      case UNPRINTED_RECEIPT -> List.of(REPRINTED, FOUND_IN_BACKOFFICE, REFUNDED, NO_CHARGE, FALSE_ALARM);
      case SETTLED_NOT_SEEN -> List.of(REPRINTED, FOUND_IN_BACKOFFICE, REFUNDED, FALSE_ALARM);
      case UNCONFIRMED_SALE -> ANY_OUTCOME;
      case DOUBLE_CHARGE_RISK, STUCK_REVERSAL -> List.of(REFUNDED, NO_CHARGE, FOUND_IN_BACKOFFICE, FALSE_ALARM);
      case TERMINAL_SILENT, TELEMETRY_GAP, UPLOAD_BACKLOG -> List.of(FOUND_IN_BACKOFFICE, FALSE_ALARM);
    };
  }

  public static Resolution fromWire(String name) {
    for (Resolution r : values()) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }
}
