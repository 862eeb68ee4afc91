package io.tillwatch.backoffice;

import static io.tillwatch.backoffice.Verdict.CHARGED;
import static io.tillwatch.backoffice.Verdict.NOT_CHARGED;
import static io.tillwatch.backoffice.Verdict.PENDING;
import static io.tillwatch.backoffice.Verdict.REVERSED_OR_REFUNDED;
import static io.tillwatch.backoffice.Verdict.UNREACHABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Resolution;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The 补单 rules, every kind against every answer, before and at the schedule's end. */
class FollowUpRulesTest {

  private static Decision decide(FindingKind kind, boolean last, Verdict... verdicts) {
    List<BackOfficeAnswer> answers = Arrays.stream(verdicts).map(v -> v == UNREACHABLE
        ? BackOfficeAnswer.unreachable(LookupProblem.TIMEOUT, null, 1, "slow")
        : BackOfficeAnswer.of(v, "ref", "S", -1, 1, null)).toList();
    return FollowUpRules.decide(kind, answers, last);
  }

  @Test
  void aChargedUnprintedSaleIsReprintedAndAnUnchargedOneCollectedAgain() {
    assertEquals(Decision.next(NextStep.REPRINT_SENT, true), decide(FindingKind.UNPRINTED_RECEIPT, false, CHARGED));
    assertEquals(Decision.next(NextStep.COLLECT_AGAIN, false), decide(FindingKind.UNPRINTED_RECEIPT, false, NOT_CHARGED));
    assertEquals(Decision.next(NextStep.COLLECT_AGAIN, false),
        decide(FindingKind.UNPRINTED_RECEIPT, false, REVERSED_OR_REFUNDED));
  }

  @Test
  void anUnconfirmedSaleThatWasChargedIsNeverCollectedAgain() {
    assertEquals(Decision.next(NextStep.DO_NOT_COLLECT_REPRINT, true), decide(FindingKind.UNCONFIRMED_SALE, false, CHARGED));
    assertEquals(Decision.next(NextStep.COLLECT_AGAIN, false), decide(FindingKind.UNCONFIRMED_SALE, false, NOT_CHARGED));
  }

  @Test
  void noFinalAnswerMeansAskAgainUntilTheScheduleEnds() {
    for (FindingKind k : List.of(FindingKind.UNPRINTED_RECEIPT, FindingKind.UNCONFIRMED_SALE, FindingKind.STUCK_REVERSAL)) {
      for (Verdict v : List.of(PENDING, UNREACHABLE)) {
        assertEquals(Decision.ASK_AGAIN, decide(k, false, v), k + " " + v);
        assertEquals(Decision.giveUp(NextStep.CHECK_BY_HAND), decide(k, true, v), k + " " + v);
      }
    }
  }

  @Test
  void aDoubleChargeNeedsBothAnswersAndOnlyTwoChargesAreADuplicate() {
    FindingKind k = FindingKind.DOUBLE_CHARGE_RISK;
    assertEquals(Decision.next(NextStep.REFUND_DUPLICATE, false), decide(k, false, CHARGED, CHARGED));
    assertEquals(Decision.settle(Resolution.FALSE_ALARM), decide(k, false, CHARGED, NOT_CHARGED));
    assertEquals(Decision.settle(Resolution.FALSE_ALARM), decide(k, false, NOT_CHARGED, CHARGED));
    assertEquals(Decision.settle(Resolution.FALSE_ALARM), decide(k, false, CHARGED, REVERSED_OR_REFUNDED));
    assertEquals(Decision.ASK_AGAIN, decide(k, false, CHARGED, PENDING));
    assertEquals(Decision.ASK_AGAIN, decide(k, false, UNREACHABLE, CHARGED));
    assertEquals(Decision.giveUp(NextStep.CHECK_BY_HAND), decide(k, true, CHARGED, UNREACHABLE));
  }

  @Test
  void aReversalThatWentThroughClosesTheTaskAndOneThatDidNotIsRefundedByHand() {
    FindingKind k = FindingKind.STUCK_REVERSAL;
    assertEquals(Decision.settle(Resolution.NO_CHARGE), decide(k, false, REVERSED_OR_REFUNDED));
    assertEquals(Decision.settle(Resolution.NO_CHARGE), decide(k, false, NOT_CHARGED));
    assertEquals(Decision.ASK_AGAIN, decide(k, false, CHARGED), "a reversal may still go through: ask again");
    assertEquals(Decision.giveUp(NextStep.REFUND_BY_HAND), decide(k, true, CHARGED));
  }

  @Test
  void onlyMoneyKindsAreFollowedUp() {
    assertTrue(FollowUpRules.followedUp(FindingKind.UNCONFIRMED_SALE));
    assertFalse(FollowUpRules.followedUp(FindingKind.TERMINAL_SILENT));
    assertThrows(IllegalArgumentException.class, () -> decide(FindingKind.TELEMETRY_GAP, false, CHARGED));
  }
}
