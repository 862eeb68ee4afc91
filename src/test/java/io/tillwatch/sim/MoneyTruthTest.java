package io.tillwatch.sim;

import static io.tillwatch.engine.FindingKind.DOUBLE_CHARGE_RISK;
import static io.tillwatch.engine.FindingKind.STUCK_REVERSAL;
import static io.tillwatch.engine.FindingKind.TELEMETRY_GAP;
import static io.tillwatch.engine.FindingKind.UNCONFIRMED_SALE;
import static io.tillwatch.engine.FindingKind.UNPRINTED_RECEIPT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The ground-truth table of right end states, the draws behind it, and its lines in the file. */
class MoneyTruthTest {
  private static final TerminalIdentity ID = new TerminalIdentity("m001", "t00001", "S0001", "east");

  @Test
  void rightEndsFollowTheTable() {
    assertEquals(List.of("RESOLVED:REPRINTED"), new MoneyTruth(true, null, null, true, true).rightEnds(UNPRINTED_RECEIPT));
    assertEquals(List.of("OPEN:REPRINT_FAILED"), new MoneyTruth(true, null, null, false, true).rightEnds(UNPRINTED_RECEIPT));
    assertEquals(List.of("RESOLVED:REPRINTED", "OPEN:DO_NOT_COLLECT_REPRINT", "OPEN:REPRINT_FAILED"),
        new MoneyTruth(true, null, null, true, true).rightEnds(UNCONFIRMED_SALE));
    assertEquals(List.of("OPEN:COLLECT_AGAIN"), new MoneyTruth(false, null, null, true, true).rightEnds(UNCONFIRMED_SALE));
    assertEquals(List.of("OPEN:REFUND_DUPLICATE"), new MoneyTruth(true, true, null, true, true).rightEnds(DOUBLE_CHARGE_RISK));
    assertEquals(List.of("RESOLVED:FALSE_ALARM"), new MoneyTruth(true, false, null, true, true).rightEnds(DOUBLE_CHARGE_RISK));
    assertEquals(List.of("RESOLVED:NO_CHARGE"), new MoneyTruth(false, null, true, true, true).rightEnds(STUCK_REVERSAL));
    assertEquals(List.of("OPEN:REFUND_BY_HAND"), new MoneyTruth(true, null, false, true, true).rightEnds(STUCK_REVERSAL));
    assertEquals(List.of("OPEN:CHECK_BY_HAND"), new MoneyTruth(true, null, null, true, false).rightEnds(UNPRINTED_RECEIPT));
    assertEquals(List.of(), new MoneyTruth(true, null, null, true, true).rightEnds(TELEMETRY_GAP));
  }

  @Test
  void moneyFieldsRoundTripAndOldLinesStillRead() {
    GroundTruthRecord r = new GroundTruthRecord(DOUBLE_CHARGE_RISK, "m001", "t00001", "r-2", "r-1", 9, "d",
        new MoneyTruth(true, false, null, true, true));
    String line = r.toJsonLine();
    assertTrue(line.contains("\"relatedCharged\":false,\"reversed\":null"), line);
    assertTrue(line.endsWith("\"rightEnd\":[\"RESOLVED:FALSE_ALARM\"]}"), line);
    assertEquals(r, GroundTruthRecord.fromJsonLine(line));
    GroundTruthRecord old = GroundTruthRecord.fromJsonLine("{\"kind\":\"UNCONFIRMED_SALE\",\"merchant\":\"m001\",\"terminal\":\"t1\","
        + "\"txn\":\"a\",\"relatedTxn\":null,\"injectedAtMs\":5,\"detail\":\"x\"}");
    assertNull(old.money());
    assertEquals(List.of(), old.rightEnds());
  }

  @Test
  void fatesBookEverySaleAndGiveTheDoubtfulOnesTheirTruth() {
    Random rnd = new Random(1);
    Sale a = SaleFactory.next(rnd, "r-000001", SaleRefs.of("t00001", "r-000001"), Set.of());
    Sale b = a.retriedAs("r-000002", "111111111111", "ZZZZZZ");
    assertEquals("t00001-r-000002", b.ref(), "a retried sale gets its own order number");
    List<SaleStep> script = SaleScripts.doubleCharge(a, b, 5_000, rnd, ms -> ms);
    SaleFates.Fate both = SaleFates.decide(FaultKind.DOUBLE, script, ID, 1_000, rnd, new OutcomeDraws(0, 0, 1, 0, 0), true);
    assertEquals(List.of(LedgerOutcome.CHARGED, LedgerOutcome.CHARGED), both.entries().stream().map(LedgerEntry::outcome).toList());
    assertEquals(new MoneyTruth(true, true, null, true, true), both.truths().get("r-000002"));
    assertEquals(6_000, both.entries().get(1).createdAtMs(), "the retried sale reaches the acquirer after its delay");
    SaleFates.Fate one = SaleFates.decide(FaultKind.DOUBLE, script, ID, 1_000, rnd, new OutcomeDraws(0, 0, 0, 0, 0), true);
    assertEquals(LedgerOutcome.NOT_CHARGED, one.entries().get(0).outcome());
    assertEquals(-1, one.entries().get(0).settledAtMs());

    List<SaleStep> unprinted = List.of(SaleStep.of(0, a, EventType.STARTED), SaleStep.of(100, a, EventType.AUTHORIZED));
    SaleFates.Fate paper = SaleFates.decide(FaultKind.UNPRINTED, unprinted, ID, 0, rnd, new OutcomeDraws(0, 0, 0, 1, 0), true);
    assertTrue(paper.paperOut());
    assertEquals(EventType.PRINT_FAILED, paper.script().get(2).event(), "out of paper, the print fails visibly");
    assertEquals(false, paper.truths().get(a.txn()).printerOk());
    SaleFates.Fate notNow = SaleFates.decide(FaultKind.UNPRINTED, unprinted, ID, 0, rnd, new OutcomeDraws(0, 0, 0, 1, 0), false);
    assertEquals(false, notNow.paperOut());
    assertEquals(2, notNow.script().size());

    SaleFates.Fate reversal = SaleFates.decide(FaultKind.REVERSAL, SaleScripts.reversal(a, rnd, ms -> ms), ID, 0, rnd,
        new OutcomeDraws(0, 0, 0, 0, 1), true);
    assertEquals(LedgerOutcome.REVERSED, reversal.entries().get(0).outcome());
    assertEquals(List.of("OPEN:CHECK_BY_HAND"), reversal.truths().get(a.txn()).rightEnds(STUCK_REVERSAL));
    assertEquals(false, reversal.entries().get(0).finalAnswer());

    Sale plain = new Sale("r-000009", 100, "CNY", PaymentMethod.QR, "1", "1", null, "t00001-r-000009");
    SaleFates.Fate normal = SaleFates.decide(null, List.of(SaleStep.of(0, plain, EventType.STARTED), SaleStep.of(0, plain, EventType.DECLINED)),
        ID, 0, rnd, OutcomeDraws.DEFAULTS, true);
    assertEquals(LedgerOutcome.DECLINED, normal.entries().get(0).outcome());
    assertTrue(normal.truths().isEmpty());
  }

  @Test
  void refsStayWithinTheWalletsRules() {
    assertEquals("t00001-kq3x9a-000001", SaleRefs.of("t00001", "kq3x9a-000001"));
    String longId = SaleRefs.of("terminal.with.a.long.id", "kq3x9a-000001");
    assertTrue(longId.matches("[A-Za-z0-9_-]{6,32}"), longId);
    assertTrue(SaleRefs.of(null, "x").matches("[A-Za-z0-9_-]{6,32}"));
  }

  @Test
  void outcomeSpecsParse() {
    assertEquals(OutcomeDraws.DEFAULTS, OutcomeDraws.parse(""));
    assertEquals(new OutcomeDraws(0.6, 0.1, 0.5, 1, 0.2), OutcomeDraws.parse("paper-out=1, never-final=0.2"));
    assertEquals(OutcomeDraws.DEFAULTS, OutcomeDraws.parse(OutcomeDraws.DEFAULTS.toString()));
    assertThrows(IllegalArgumentException.class, () -> OutcomeDraws.parse("paper-out=2"));
    assertThrows(IllegalArgumentException.class, () -> OutcomeDraws.parse("lucky=0.5"));
    assertThrows(IllegalArgumentException.class, () -> OutcomeDraws.parse("paper-out=x"));
  }
}
