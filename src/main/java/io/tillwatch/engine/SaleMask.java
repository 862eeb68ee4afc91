package io.tillwatch.engine;

import io.tillwatch.telemetry.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * A sale's history as the set of event types seen (a bitmask of {@link EventType#bit()}), and what
 * follows from it alone. Nothing here looks at arrival order: a sale's findings are a function of
 * which events it has seen (and when each clock first started, see {@link SaleClock}), so late,
 * duplicated and reordered events converge on the same result. The rules themselves are declared
 * in {@link SaleRule}.
 */
final class SaleMask {
  static final int STARTED = EventType.STARTED.bit();
  static final int AUTHORIZED = EventType.AUTHORIZED.bit();
  static final int DECLINED = EventType.DECLINED.bit();
  static final int CANCELLED = EventType.CANCELLED.bit();
  static final int PRINTED = EventType.PRINTED.bit();
  static final int PRINT_FAILED = EventType.PRINT_FAILED.bit();
  static final int COMPLETED = EventType.COMPLETED.bit();
  static final int VOIDED = EventType.VOIDED.bit();
  static final int REVERSAL_QUEUED = EventType.REVERSAL_QUEUED.bit();
  static final int REVERSED = EventType.REVERSED.bit();

  /** Events that imply the sale was authorized: the {@link SaleClock#AUTHORIZED} clock. */
  static final int AUTHORIZING = AUTHORIZED | PRINT_FAILED | COMPLETED;
  /** Events after which the lifecycle is over (given no rule still holds). */
  static final int TERMINAL_EVENTS = DECLINED | CANCELLED | COMPLETED | VOIDED | REVERSED;

  private SaleMask() {}

  static boolean has(int mask, int bits) {
    return (mask & bits) != 0;
  }

  static boolean authorized(int m) {
    return has(m, AUTHORIZING);
  }

  /**
   * Cleanly closed: the lifecycle ended and no rule holds. Because a rule's finding is open exactly
   * while its rule holds (once its deadline passed), "no open finding" is a mask property too.
   */
  static boolean closed(int m) {
    return has(m, TERMINAL_EVENTS) && !SaleRule.anyHolds(m);
  }

  /** Stage of an open sale, or null when closed (or nothing seen yet). */
  static SaleStage stage(int m) {
    if (m == 0 || closed(m)) {
      return null;
    }
    return SaleRule.stage(m);
  }

  static List<String> names(int m) {
    List<String> out = new ArrayList<>(Integer.bitCount(m));
    for (EventType t : EventType.values()) {
      if (has(m, t.bit())) {
        out.add(t.name());
      }
    }
    return out;
  }
}
