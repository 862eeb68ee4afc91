package io.tillwatch.backoffice;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Resolution;
import java.util.List;

/**
 * What the back office's answers mean for each kind of money task: the 补单 rules, in one place and
 * pure (no clock, no I/O), so every case is a microsecond test.
 *
 * <p>TillWatch acts by itself only where acting is safe and reversible: it reprints a receipt for
 * a sale the back office confirms charged, and it closes a task the evidence closes (a double charge
 * that was not one, a reversal that went through). It never collects or refunds: those next steps
 * are shown to a person, with the evidence.
 */
public final class FollowUpRules {
  private FollowUpRules() {}

  /** The money kinds TillWatch follows up in the back office. */
  public static boolean followedUp(FindingKind kind) {
    return switch (kind) {
      case UNPRINTED_RECEIPT, UNCONFIRMED_SALE, DOUBLE_CHARGE_RISK, STUCK_REVERSAL -> true;
      default -> false;
    };
  }

  /**
   * @param answers   one answer per sale asked about: the task's sale, then (double charge) the earlier one
   * @param lastLookUp true when the schedule allows no further look-up
   */
  public static Decision decide(FindingKind kind, List<BackOfficeAnswer> answers, boolean lastLookUp) {
    Verdict sale = answers.get(0).verdict();
    Decision d = switch (kind) {
      case UNPRINTED_RECEIPT -> charged(sale, Decision.next(NextStep.REPRINT_SENT, true));
      case UNCONFIRMED_SALE -> charged(sale, Decision.next(NextStep.DO_NOT_COLLECT_REPRINT, true));
      case DOUBLE_CHARGE_RISK -> doubleCharge(sale, answers.get(1).verdict());
      case STUCK_REVERSAL -> reversal(sale);
      default -> throw new IllegalArgumentException(kind + " is not followed up in the back office");
    };
    if (d.done() || !lastLookUp) {
      return d;
    }
    // The schedule is over. A reversal still showing the charge failed; anything else is unknown.
    return Decision.giveUp(kind == FindingKind.STUCK_REVERSAL && sale == Verdict.CHARGED
        ? NextStep.REFUND_BY_HAND : NextStep.CHECK_BY_HAND);
  }

  /** A sale in doubt: charged means reprint (never collect again); not charged (or reversed) means collect again. */
  private static Decision charged(Verdict v, Decision whenCharged) {
    return switch (v) {
      case CHARGED -> whenCharged;
      case NOT_CHARGED, REVERSED_OR_REFUNDED -> Decision.next(NextStep.COLLECT_AGAIN, false);
      case PENDING, UNREACHABLE -> Decision.ASK_AGAIN;
    };
  }

  /** Two charges are a duplicate to refund; anything less, once both answers are final, was a false alarm. */
  private static Decision doubleCharge(Verdict later, Verdict earlier) {
    if (!later.isFinal() || !earlier.isFinal()) {
      return Decision.ASK_AGAIN;
    }
    return later == Verdict.CHARGED && earlier == Verdict.CHARGED
        ? Decision.next(NextStep.REFUND_DUPLICATE, false) : Decision.settle(Resolution.FALSE_ALARM);
  }

  /** A reversal that went through (or a sale never charged) closes the task; a charge may still be reversed: ask again. */
  private static Decision reversal(Verdict v) {
    return switch (v) {
      case REVERSED_OR_REFUNDED, NOT_CHARGED -> Decision.settle(Resolution.NO_CHARGE);
      case CHARGED, PENDING, UNREACHABLE -> Decision.ASK_AGAIN;
    };
  }
}
