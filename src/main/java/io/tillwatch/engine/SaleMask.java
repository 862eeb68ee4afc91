package io.tillwatch.engine;

import io.tillwatch.telemetry.EventType;
import java.util.ArrayList;
import java.util.List;

/**
 * The sale rules as pure predicates over the set of event types seen (a bitmask of
 * {@link EventType#bit()}). Nothing here looks at arrival order: a sale's findings are a function
 * of which events it has seen (and when each kind was first received), so late, duplicated and
 * reordered events converge on the same result.
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

  /** Any event that shows the terminal reached (or gave up on) the host's answer. */
  static final int OUTCOME = AUTHORIZED | DECLINED | CANCELLED | PRINTED | PRINT_FAILED | COMPLETED
      | VOIDED | REVERSED | REVERSAL_QUEUED;
  /** Events that imply the sale was authorized (the UNPRINTED_RECEIPT clock starts at the first). */
  static final int AUTHORIZING = AUTHORIZED | PRINT_FAILED | COMPLETED;
  /** Events after which no receipt is owed. */
  static final int RECEIPT_SETTLED = PRINTED | VOIDED | REVERSED;
  static final int REFUSED = DECLINED | CANCELLED;
  /** Events after which the lifecycle is over (given no rule still holds). */
  static final int TERMINAL_EVENTS = DECLINED | CANCELLED | COMPLETED | VOIDED | REVERSED;

  private SaleMask() {}

  static boolean has(int mask, int bits) {
    return (mask & bits) != 0;
  }

  /** UNCONFIRMED_SALE holds: STARTED and no outcome. */
  static boolean unconfirmed(int m) {
    return has(m, STARTED) && !has(m, OUTCOME);
  }

  static boolean authorized(int m) {
    return has(m, AUTHORIZING);
  }

  /** UNPRINTED_RECEIPT holds: authorized, no receipt settled, never declined or cancelled. */
  static boolean unprinted(int m) {
    return authorized(m) && !has(m, RECEIPT_SETTLED) && !has(m, REFUSED);
  }

  /** STUCK_REVERSAL holds: a reversal was queued and not confirmed. */
  static boolean stuckReversal(int m) {
    return has(m, REVERSAL_QUEUED) && !has(m, REVERSED);
  }

  /**
   * Cleanly closed: the lifecycle ended and no rule holds. Because a rule's finding is open exactly
   * while its rule holds (once its deadline passed), "no open finding" is a mask property too.
   */
  static boolean closed(int m) {
    return has(m, TERMINAL_EVENTS) && !unconfirmed(m) && !unprinted(m) && !stuckReversal(m);
  }

  /** Stage of an open sale, or null when closed (or nothing seen yet). */
  static SaleStage stage(int m) {
    if (m == 0 || closed(m)) {
      return null;
    }
    if (stuckReversal(m)) {
      return SaleStage.AWAITING_REVERSAL;
    }
    if (unconfirmed(m)) {
      return SaleStage.AWAITING_OUTCOME;
    }
    if (unprinted(m)) {
      return SaleStage.AWAITING_RECEIPT;
    }
    return SaleStage.AWAITING_COMPLETION;
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
