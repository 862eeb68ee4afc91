package io.tillwatch.tools.score;

import static io.tillwatch.engine.FindingKind.DOUBLE_CHARGE_RISK;
import static io.tillwatch.engine.FindingKind.STUCK_REVERSAL;
import static io.tillwatch.engine.FindingKind.TERMINAL_SILENT;
import static io.tillwatch.engine.FindingKind.UNCONFIRMED_SALE;
import static io.tillwatch.engine.FindingKind.UNPRINTED_RECEIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import io.tillwatch.sim.MoneyTruth;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FollowUpScorerTest {

  private static GroundTruthRecord truth(FindingKind kind, String txn, MoneyTruth m, long at) {
    return new GroundTruthRecord(kind, "m001", "t1", txn, null, at, "test", m);
  }

  /** A task as the API lists it, parsed by the scorer's own reader. */
  private static ObservedTask task(String json) {
    return TillWatchApi.task(new JsonObject(json));
  }

  private static String json(FindingKind kind, String txn, String state, String resolution, String by, String followUp) {
    return "{\"id\":\"t-" + txn + "\",\"kind\":\"" + kind + "\",\"merchant\":\"m001\",\"terminal\":\"t1\",\"subject\":\"" + txn
        + "\",\"state\":\"" + state + "\",\"resolution\":" + (resolution == null ? "null" : "\"" + resolution + "\"")
        + ",\"resolvedBy\":" + (by == null ? "null" : "\"" + by + "\"") + (followUp == null ? "" : ",\"followUp\":" + followUp) + "}";
  }

  private static String followUp(String state, String nextStep) {
    return "{\"state\":\"" + state + "\",\"backOffice\":\"wechat-main\",\"verdict\":\"CHARGED\",\"reference\":\"4200\","
        + "\"checkedAt\":\"2026-12-01T10:00:00Z\",\"attempts\":2,\"nextCheckAt\":null,\"nextStep\":\"" + nextStep + "\"}";
  }

  @Test
  void eachMoneyFindingIsJudgedByWhereItsTaskEnded() {
    List<GroundTruthRecord> truth = List.of(
        truth(UNPRINTED_RECEIPT, "p-ok", new MoneyTruth(true, null, null, true, true), 1),
        truth(UNPRINTED_RECEIPT, "p-paper", new MoneyTruth(true, null, null, false, true), 1),
        truth(UNPRINTED_RECEIPT, "p-person", new MoneyTruth(true, null, null, true, true), 1),
        truth(UNCONFIRMED_SALE, "u-charged", new MoneyTruth(true, null, null, true, true), 1),
        truth(UNCONFIRMED_SALE, "u-not", new MoneyTruth(false, null, null, true, true), 1),
        truth(UNCONFIRMED_SALE, "u-missing", new MoneyTruth(false, null, null, true, true), 1),
        truth(UNCONFIRMED_SALE, "u-old-file", null, 1),
        truth(UNCONFIRMED_SALE, "u-too-young", new MoneyTruth(false, null, null, true, true), 500),
        truth(DOUBLE_CHARGE_RISK, "d-both", new MoneyTruth(true, true, null, true, true), 1),
        truth(DOUBLE_CHARGE_RISK, "d-one", new MoneyTruth(true, false, null, true, true), 1),
        truth(STUCK_REVERSAL, "r-done", new MoneyTruth(false, null, true, true, true), 1),
        truth(STUCK_REVERSAL, "r-never", new MoneyTruth(true, null, false, true, false), 1),
        truth(STUCK_REVERSAL, "r-outage", new MoneyTruth(true, null, false, true, true), 1));
    List<ObservedTask> tasks = List.of(
        task(json(UNPRINTED_RECEIPT, "p-ok", "RESOLVED", "REPRINTED", "tillwatch", followUp("ANSWERED", "REPRINT_SENT"))),
        task(json(UNPRINTED_RECEIPT, "p-paper", "OPEN", null, null, followUp("ANSWERED", "REPRINT_FAILED"))),
        task(json(UNPRINTED_RECEIPT, "p-person", "RESOLVED", "REPRINTED", "alice", followUp("ANSWERED", "REPRINT_SENT"))),
        task(json(UNCONFIRMED_SALE, "u-charged", "ACKNOWLEDGED", null, null, followUp("ANSWERED", "DO_NOT_COLLECT_REPRINT"))),
        task(json(UNCONFIRMED_SALE, "u-not", "OPEN", null, null, followUp("ANSWERED", "COLLECT_AGAIN"))),
        task(json(UNCONFIRMED_SALE, "u-too-young", "OPEN", null, null, followUp("CHECKING", "NONE"))),
        task(json(DOUBLE_CHARGE_RISK, "d-both", "OPEN", null, null, followUp("ANSWERED", "REFUND_DUPLICATE"))),
        task(json(DOUBLE_CHARGE_RISK, "d-one", "OPEN", null, null, followUp("CHECKING", "NONE"))),
        task(json(STUCK_REVERSAL, "r-done", "RESOLVED", "NO_CHARGE", "tillwatch", followUp("ANSWERED", "NONE"))),
        task(json(STUCK_REVERSAL, "r-never", "OPEN", null, null, followUp("GAVE_UP", "CHECK_BY_HAND"))),
        task(json(STUCK_REVERSAL, "r-outage", "OPEN", null, null, followUp("GAVE_UP", "CHECK_BY_HAND"))),
        task(json(TERMINAL_SILENT, "silent@5", "OPEN", null, null, null)));

    Map<FindingKind, FollowUpScore> s = FollowUpScorer.score(truth, tasks, 100);
    assertFalse(s.containsKey(TERMINAL_SILENT));
    FollowUpScore unprinted = s.get(UNPRINTED_RECEIPT);
    assertEquals(3, unprinted.judged());
    assertEquals(2, unprinted.right());
    assertEquals("RESOLVED_BY_PERSON:REPRINTED", unprinted.wrong().get(0).end(), "a person's resolution is not TillWatch's");
    FollowUpScore unconfirmed = s.get(UNCONFIRMED_SALE);
    assertEquals(3, unconfirmed.judged(), "no money truth (old file) and too young are not judged");
    assertEquals(2, unconfirmed.right());
    assertEquals(List.of("u-missing"), unconfirmed.noTask().stream().map(GroundTruthRecord::txn).toList());
    FollowUpScore doubles = s.get(DOUBLE_CHARGE_RISK);
    assertEquals(1, doubles.right());
    assertEquals("OPEN:NONE", doubles.wrong().get(0).end());
    assertEquals(2, s.get(STUCK_REVERSAL).right());
    assertEquals(1, s.get(STUCK_REVERSAL).gaveUp(), "gave up while the truth expected an answer: wrong, and said why");
    assertEquals(50.0, doubles.percentRight());

    FollowUpScore.Tally tally = FollowUpScorer.tally(tasks);
    assertEquals(Map.of("REPRINTED", 1), tally.autoResolved().get(UNPRINTED_RECEIPT));
    assertEquals(Map.of("NO_CHARGE", 1), tally.autoResolved().get(STUCK_REVERSAL));
    assertEquals(Map.of("COLLECT_AGAIN", 1, "DO_NOT_COLLECT_REPRINT", 1, "NONE", 1), tally.nextSteps().get(UNCONFIRMED_SALE));
    assertFalse(tally.nextSteps().containsKey(TERMINAL_SILENT));

    String summary = ScoreReport.followUpSummary(s, tally);
    assertTrue(summary.contains("follow-up UNPRINTED_RECEIPT    judged     3 right     2 ( 66.7%) wrong    1 (gave up 0) no task    0"), summary);
    assertTrue(summary.contains("auto-resolved UNPRINTED_RECEIPT    {REPRINTED=1}"), summary);
    JsonObject j = ScoreReport.followUpJson(s, tally);
    assertEquals(11, j.getInteger("judged"));
    assertEquals(7, j.getInteger("right"));
    assertEquals(1, j.getJsonObject("autoResolved").getJsonObject("STUCK_REVERSAL").getInteger("NO_CHARGE"));
    assertEquals(2, j.getJsonObject("nextSteps").getJsonObject("STUCK_REVERSAL").getInteger("CHECK_BY_HAND"));
    assertEquals(1, j.getJsonObject("byKind").getJsonObject("STUCK_REVERSAL").getInteger("gaveUp"));
  }

  @Test
  void aResolutionObjectAndAMissingFollowUpAreRead() {
    ObservedTask t = task("{\"kind\":\"STUCK_REVERSAL\",\"merchant\":\"m001\",\"terminal\":\"t1\",\"subject\":\"x\",\"state\":\"RESOLVED\","
        + "\"resolution\":{\"how\":\"NO_CHARGE\",\"by\":\"tillwatch\"}}");
    assertEquals("RESOLVED:NO_CHARGE", t.end());
    ObservedTask open = task("{\"kind\":\"UNCONFIRMED_SALE\",\"merchant\":\"m001\",\"terminal\":\"t1\",\"subject\":\"y\",\"state\":\"OPEN\"}");
    assertEquals("OPEN:NONE", open.end());
    assertTrue(open.followUp() == null && open.nextStep() == null);
  }
}
