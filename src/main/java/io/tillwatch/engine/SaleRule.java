package io.tillwatch.engine;

import static io.tillwatch.engine.SaleMask.AUTHORIZED;
import static io.tillwatch.engine.SaleMask.CANCELLED;
import static io.tillwatch.engine.SaleMask.COMPLETED;
import static io.tillwatch.engine.SaleMask.DECLINED;
import static io.tillwatch.engine.SaleMask.PRINTED;
import static io.tillwatch.engine.SaleMask.PRINT_FAILED;
import static io.tillwatch.engine.SaleMask.REVERSAL_QUEUED;
import static io.tillwatch.engine.SaleMask.REVERSED;
import static io.tillwatch.engine.SaleMask.VOIDED;

import io.tillwatch.telemetry.EventType;
import java.time.Duration;

/**
 * The deadline rules of a sale, each declared once: everything the engine does with a rule
 * (raising, clearing, scheduling the next look, answering "does it still hold") is derived from
 * its constant here by {@link SaleRules}.
 *
 * <p>Design: a rule holds from the first of its clock's events until any of its settling events
 * is seen, so it is a pure function of the sale's mask and arrival order cannot matter. It is due
 * its timeout after its clock started; a rule may have an at-once cause, an event that, once seen,
 * makes it due at that event's receive time instead (see {@link Deadline}). A finding is open
 * exactly while its rule holds (once due), which is why "closed" and a sale's stage are mask
 * properties too ({@link SaleMask}).
 *
 * <p>The constants are static singletons; a rule's timeout is read from the settings once, when
 * the engine is built. Details are built only when a finding is raised or cleared. What the
 * operator is told to do, and the severity, belong to the {@link FindingKind} (one public catalogue
 * of kinds, whatever raises them).
 */
enum SaleRule {
  UNCONFIRMED_SALE(FindingKind.UNCONFIRMED_SALE, SaleStage.AWAITING_OUTCOME,
      SaleClock.STARTED,
      // any event that shows the terminal reached (or gave up on) the host's answer
      AUTHORIZED | DECLINED | CANCELLED | PRINTED | PRINT_FAILED | COMPLETED | VOIDED | REVERSED | REVERSAL_QUEUED,
      null,
      "an unconfirmed outcome") {
    @Override
    Duration timeout(DetectionSettings s) {
      return s.outcomeTimeout();
    }

    @Override
    String lateDetail(long timeoutMs) {
      return "Started, no host outcome within " + timeoutMs / 1000 + " s.";
    }

    @Override
    String settledDetail() {
      return "A late outcome arrived.";
    }
  },

  UNPRINTED_RECEIPT(FindingKind.UNPRINTED_RECEIPT, SaleStage.AWAITING_RECEIPT,
      SaleClock.AUTHORIZED,
      // a receipt was printed, or none is owed any more; a refused sale never owed one
      PRINTED | VOIDED | REVERSED | DECLINED | CANCELLED,
      SaleClock.PRINT_FAILED,
      "an unprinted receipt") {
    @Override
    Duration timeout(DetectionSettings s) {
      return s.printTimeout();
    }

    @Override
    String lateDetail(long timeoutMs) {
      return timeoutMs == Deadline.AT_ONCE
          ? "The printer failed to print the receipt."
          : "Authorized, no receipt printed within " + timeoutMs / 1000 + " s.";
    }

    @Override
    String settledDetail() {
      return "The receipt is settled (printed, voided or reversed).";
    }
  },

  STUCK_REVERSAL(FindingKind.STUCK_REVERSAL, SaleStage.AWAITING_REVERSAL,
      SaleClock.REVERSAL_QUEUED,
      REVERSED,
      null,
      null) {
    @Override
    Duration timeout(DetectionSettings s) {
      return s.reversalTimeout();
    }

    @Override
    String lateDetail(long timeoutMs) {
      return "Reversal queued, not confirmed within " + timeoutMs / 1000 + " s.";
    }

    @Override
    String settledDetail() {
      return "The reversal was confirmed (REVERSED).";
    }
  };

  private static final SaleRule[] RULES = values();
  private static final SaleRule[] BY_KIND = new SaleRule[FindingKind.values().length];
  /** Open-finding bits ({@link SaleState#open()}) of the rules that make a sale doubtful. */
  static final int DOUBTFUL_OPEN_BITS;
  /**
   * For every mask of event types seen: whether any rule holds, and the stage the holding rules
   * make. Derived once from the declarations, so that the counters, which ask on every event, read
   * a table instead of running the rules.
   */
  private static final boolean[] ANY_HOLDS = new boolean[1 << EventType.values().length];
  private static final SaleStage[] STAGE = new SaleStage[ANY_HOLDS.length];

  static {
    int doubtful = 0;
    for (SaleRule r : RULES) {
      BY_KIND[r.kind.ordinal()] = r;
      if (r.doubt != null) {
        doubtful |= SaleState.bit(r.kind);
      }
    }
    DOUBTFUL_OPEN_BITS = doubtful;
    for (int mask = 0; mask < ANY_HOLDS.length; mask++) {
      SaleStage furthest = null;
      for (SaleRule r : RULES) {
        if (r.holds(mask) && (furthest == null || r.stage.compareTo(furthest) > 0)) {
          furthest = r.stage;
        }
      }
      ANY_HOLDS[mask] = furthest != null;
      STAGE[mask] = furthest == null ? SaleStage.AWAITING_COMPLETION : furthest;
    }
  }

  /** The finding it raises. */
  final FindingKind kind;
  /** Where an open sale stands while this rule holds. */
  final SaleStage stage;
  /** Its clock: the rule holds from the first of its events on. */
  final SaleClock clock;
  /** Its clock's events, copied here for {@link #holds}. */
  private final int startedBy;
  /** Events after which it no longer holds (its finding clears), as {@link EventType#bit()}s. */
  final int settledBy;
  /** Its at-once cause, or null: once this clock has started the rule is due at that time. */
  final SaleClock atOnce;
  /**
   * Non-null when an open finding of this rule puts the sale's charge in doubt, so that a later
   * sale of the same amount may be a double charge; the words name that doubt in its detail.
   */
  final String doubt;

  SaleRule(FindingKind kind, SaleStage stage, SaleClock clock, int settledBy, SaleClock atOnce, String doubt) {
    this.kind = kind;
    this.stage = stage;
    this.clock = clock;
    this.startedBy = clock.events;
    this.settledBy = settledBy;
    this.atOnce = atOnce;
    this.doubt = doubt;
  }

  /** Which setting its timeout is. */
  abstract Duration timeout(DetectionSettings s);

  /** Why it was raised, for a timeout of {@code timeoutMs} (or {@link Deadline#AT_ONCE}); one sentence. */
  abstract String lateDetail(long timeoutMs);

  /** Why its finding cleared; one sentence. */
  abstract String settledDetail();

  /** The rule for a finding kind, or null for kinds that no sale deadline raises. */
  static SaleRule of(FindingKind kind) {
    return BY_KIND[kind.ordinal()];
  }

  /** Does the rule hold for a sale that has seen the events of {@code mask}? */
  final boolean holds(int mask) {
    return (mask & startedBy) != 0 && (mask & settledBy) == 0;
  }

  /** When its clock started for this sale: the at-once cause's receive time once seen. */
  final long clockStartMs(SaleState s) {
    long cause = atOnceMs(s);
    return cause != SaleState.NONE ? cause : s.clockMs(clock);
  }

  /** Its timeout for this sale: {@code configuredMs}, or {@link Deadline#AT_ONCE} once its at-once cause was seen. */
  final long timeoutMs(SaleState s, long configuredMs) {
    return atOnceMs(s) != SaleState.NONE ? Deadline.AT_ONCE : configuredMs;
  }

  private long atOnceMs(SaleState s) {
    return atOnce == null ? SaleState.NONE : s.clockMs(atOnce);
  }

  static boolean anyHolds(int mask) {
    return ANY_HOLDS[mask];
  }

  /**
   * The stage of a sale that is not closed: the furthest along ({@link SaleStage} is in lifecycle
   * order) of the stages its holding rules wait in; awaiting completion when none holds. A queued
   * reversal thus outranks an owed receipt.
   */
  static SaleStage stage(int mask) {
    return STAGE[mask];
  }

  /** The words for the doubt an open finding of {@code s} casts on its charge, or null when none does. */
  static String doubtOf(SaleState s) {
    for (SaleRule r : RULES) {
      if (r.doubt != null && s.isOpen(r.kind)) {
        return r.doubt;
      }
    }
    return null;
  }
}
