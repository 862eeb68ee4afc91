package io.tillwatch.sim;

import io.tillwatch.engine.FindingKind;
import java.util.List;

/**
 * What really happened to the money behind a money finding, as the simulator decided it, and the
 * right end state of its task that follows (the ground-truth table of the back-office follow-up).
 * Fields that do not apply to a kind are null.
 *
 * @param charged           the finding's own sale was charged at the acquirer (after any reversal)
 * @param relatedCharged    DOUBLE_CHARGE_RISK: the earlier, doubtful sale was charged too
 * @param reversed          STUCK_REVERSAL: the reversal went through at the acquirer
 * @param printerOk         the terminal can print when a reprint command arrives (false: out of paper)
 * @param backOfficeAnswers false when the back office never gives a final answer for the sale
 */
public record MoneyTruth(Boolean charged, Boolean relatedCharged, Boolean reversed, Boolean printerOk, Boolean backOfficeAnswers) {

  /** Task resolved by TillWatch itself with this resolution, e.g. {@code RESOLVED:REPRINTED}. */
  public static String resolved(String how) {
    return "RESOLVED:" + how;
  }

  /** Task still open, its follow-up's next step this, e.g. {@code OPEN:COLLECT_AGAIN}. */
  public static String open(String nextStep) {
    return "OPEN:" + nextStep;
  }

  /**
   * The end states that are right for a finding of {@code kind} with this truth (any one of them is
   * right); empty when the kind is not a money kind.
   */
  public List<String> rightEnds(FindingKind kind) {
    if (!isMoneyKind(kind)) {
      return List.of();
    }
    if (Boolean.FALSE.equals(backOfficeAnswers)) {
      return List.of(open("CHECK_BY_HAND"));
    }
    return switch (kind) {
      case UNPRINTED_RECEIPT -> Boolean.FALSE.equals(printerOk) ? List.of(open("REPRINT_FAILED")) : List.of(resolved("REPRINTED"));
      case UNCONFIRMED_SALE -> Boolean.TRUE.equals(charged)
          ? (Boolean.FALSE.equals(printerOk) ? List.of(open("DO_NOT_COLLECT_REPRINT"), open("REPRINT_FAILED"))
              : List.of(resolved("REPRINTED"), open("DO_NOT_COLLECT_REPRINT"), open("REPRINT_FAILED")))
          : List.of(open("COLLECT_AGAIN"));
      case DOUBLE_CHARGE_RISK -> Boolean.TRUE.equals(relatedCharged) && Boolean.TRUE.equals(charged)
          ? List.of(open("REFUND_DUPLICATE")) : List.of(resolved("FALSE_ALARM"));
      case STUCK_REVERSAL -> Boolean.TRUE.equals(reversed) ? List.of(resolved("NO_CHARGE")) : List.of(open("REFUND_BY_HAND"));
      default -> List.of();
    };
  }

  /** The four kinds whose sale's money is in doubt, which TillWatch follows up in the back office. */
  public static boolean isMoneyKind(FindingKind kind) {
    return kind == FindingKind.UNPRINTED_RECEIPT || kind == FindingKind.UNCONFIRMED_SALE
        || kind == FindingKind.DOUBLE_CHARGE_RISK || kind == FindingKind.STUCK_REVERSAL;
  }
}
