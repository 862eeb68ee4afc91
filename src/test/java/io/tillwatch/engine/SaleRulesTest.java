package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.SEC;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.CANCELLED;
import static io.tillwatch.telemetry.EventType.COMPLETED;
import static io.tillwatch.telemetry.EventType.DECLINED;
import static io.tillwatch.telemetry.EventType.PRINTED;
import static io.tillwatch.telemetry.EventType.PRINT_FAILED;
import static io.tillwatch.telemetry.EventType.REVERSAL_QUEUED;
import static io.tillwatch.telemetry.EventType.REVERSED;
import static io.tillwatch.telemetry.EventType.STARTED;
import static io.tillwatch.telemetry.EventType.VOIDED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SaleRulesTest {
  private final RecordingSink sink = new RecordingSink();
  private final DetectionEngine engine = new DetectionEngine(DetectionSettings.defaults(), sink, T0);

  @Test
  void unconfirmedSaleJustBeforeAndJustAfterTheDeadline() {
    engine.onTxnEvent(ev("a", 1, STARTED, 12_850), T0);
    engine.advanceTo(T0 + 120 * SEC);
    assertTrue(sink.raised.isEmpty());
    engine.advanceTo(T0 + 120 * SEC + 1);
    Finding f = sink.last(FindingKind.UNCONFIRMED_SALE);
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals("a", f.txn());
    assertEquals("a", f.key().subject());
    assertEquals(12_850, f.amount());
    assertEquals("CNY", f.currency());
    assertEquals("rrn-a", f.rrn());
    assertEquals(T0 + 120 * SEC, f.dueAtMs());
    assertEquals(T0 + 120 * SEC + 1, f.raisedAtMs());
    assertNull(f.relatedTxn());
  }

  @Test
  void outcomeReceivedExactlyAtTheDeadlineIsInTime() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.onTxnEvent(ev("a", 2, DECLINED), T0 + 120 * SEC);
    engine.advanceTo(T0 + 10 * MIN);
    assertTrue(sink.raised.isEmpty());
  }

  @Test
  void lateOutcomeClearsUnconfirmedSale() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.advanceTo(T0 + 3 * MIN);
    assertEquals(Set.of("UNCONFIRMED_SALE:a"), sink.openSet());
    engine.onTxnEvent(ev("a", 2, AUTHORIZED), T0 + 4 * MIN);
    assertEquals(List.of("a"), sink.cleared.stream().map(FindingKey::subject).toList());
    // the late AUTHORIZED starts the receipt clock at its own receive time
    engine.advanceTo(T0 + 5 * MIN);
    assertEquals(Set.of(), sink.openSet());
    engine.advanceTo(T0 + 5 * MIN + 1);
    assertEquals(Set.of("UNPRINTED_RECEIPT:a"), sink.openSet());
  }

  @Test
  void reversalQueuedIsAnOutcomeNotAnUnconfirmedSale() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.onTxnEvent(ev("a", 2, REVERSAL_QUEUED), T0 + 5 * SEC);
    engine.advanceTo(T0 + 5 * MIN);
    assertTrue(sink.raised.isEmpty());
  }

  @Test
  void unprintedReceiptJustBeforeAndJustAfterTheDeadline() {
    engine.onTxnEvent(ev("a", 1, AUTHORIZED, 500), T0);
    engine.advanceTo(T0 + 60 * SEC);
    assertTrue(sink.raised.isEmpty());
    engine.advanceTo(T0 + 60 * SEC + 1);
    Finding f = sink.last(FindingKind.UNPRINTED_RECEIPT);
    assertEquals(Severity.WARNING, f.severity());
    assertEquals(500, f.amount());
    assertEquals(T0 + 60 * SEC, f.dueAtMs());
    assertEquals(T0 + 60 * SEC + 1, f.raisedAtMs());
  }

  @Test
  void printFailedRaisesAtOnceAndPrintedClearsIt() {
    engine.onTxnEvent(ev("a", 1, AUTHORIZED), T0);
    engine.onTxnEvent(ev("a", 2, PRINT_FAILED), T0 + 2 * SEC);
    Finding f = sink.last(FindingKind.UNPRINTED_RECEIPT);
    assertEquals(T0 + 2 * SEC, f.raisedAtMs());
    assertEquals(T0 + 2 * SEC, f.dueAtMs());
    engine.onTxnEvent(ev("a", 3, PRINTED), T0 + 30 * SEC);
    assertEquals(Set.of(), sink.openSet());
    assertEquals(1, sink.cleared.size());
  }

  @Test
  void voidedAndReversedClearUnprintedReceipt() {
    engine.onTxnEvent(ev("a", 1, AUTHORIZED), T0);
    engine.onTxnEvent(ev("b", 2, AUTHORIZED, 2_000), T0);
    engine.advanceTo(T0 + 2 * MIN);
    assertEquals(Set.of("UNPRINTED_RECEIPT:a", "UNPRINTED_RECEIPT:b"), sink.openSet());
    engine.onTxnEvent(ev("a", 3, VOIDED), T0 + 3 * MIN);
    engine.onTxnEvent(ev("b", 4, REVERSED), T0 + 3 * MIN);
    assertEquals(Set.of(), sink.openSet());
  }

  @Test
  void declinedOrCancelledSaleNeverRaisesUnprinted() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.onTxnEvent(ev("a", 2, DECLINED), T0 + SEC);
    engine.onTxnEvent(ev("b", 3, STARTED), T0 + SEC);
    engine.onTxnEvent(ev("b", 4, CANCELLED), T0 + SEC);
    engine.advanceTo(T0 + 30 * MIN);
    assertTrue(sink.raised.isEmpty());
  }

  @Test
  void completedWithoutPrintedStillOwesAReceipt() {
    engine.onTxnEvent(ev("a", 1, COMPLETED), T0);
    engine.advanceTo(T0 + 61 * SEC);
    assertEquals(Set.of("UNPRINTED_RECEIPT:a"), sink.openSet());
  }

  @Test
  void stuckReversalJustBeforeAndAfterAndClearedByReversed() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.onTxnEvent(ev("a", 2, REVERSAL_QUEUED), T0 + SEC);
    engine.advanceTo(T0 + SEC + 10 * MIN);
    assertTrue(sink.raised.isEmpty());
    engine.advanceTo(T0 + SEC + 10 * MIN + 1);
    Finding f = sink.last(FindingKind.STUCK_REVERSAL);
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals(T0 + SEC + 10 * MIN, f.dueAtMs());
    assertEquals(Set.of("STUCK_REVERSAL:a"), sink.openSet());
    engine.onTxnEvent(ev("a", 3, REVERSED), T0 + 15 * MIN);
    assertEquals(Set.of(), sink.openSet());
  }

  @Test
  void doubleChargeWhenTheRetryIsAuthorizedBeforeTheFirstSaleIsFlagged() {
    engine.onTxnEvent(ev("a", 1, STARTED, 12_850), T0);
    engine.onTxnEvent(ev("b", 2, STARTED, 12_850), T0 + 40 * SEC);
    engine.onTxnEvent(ev("b", 3, AUTHORIZED, 12_850), T0 + 45 * SEC);
    engine.onTxnEvent(ev("b", 4, PRINTED), T0 + 50 * SEC);
    engine.onTxnEvent(ev("b", 5, COMPLETED), T0 + 55 * SEC);
    assertEquals(0, sink.count(FindingKind.DOUBLE_CHARGE_RISK));
    engine.advanceTo(T0 + 120 * SEC + 1); // a's UNCONFIRMED_SALE raises; b is found
    Finding f = sink.last(FindingKind.DOUBLE_CHARGE_RISK);
    assertEquals("b", f.key().subject());
    assertEquals("a", f.relatedTxn());
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals(12_850, f.amount());
    // a's late outcome clears a's finding, never the double charge
    engine.onTxnEvent(ev("a", 6, AUTHORIZED, 12_850), T0 + 5 * MIN);
    engine.onTxnEvent(ev("a", 7, PRINTED), T0 + 5 * MIN);
    engine.advanceTo(T0 + 3 * 60 * MIN);
    assertEquals(Set.of("DOUBLE_CHARGE_RISK:b"), sink.openSet());
    assertEquals(1, sink.count(FindingKind.DOUBLE_CHARGE_RISK));
  }

  @Test
  void doubleChargeAtOnceWhenTheRetryIsAuthorizedAfterTheFirstSaleIsFlagged() {
    engine.onTxnEvent(ev("a", 1, AUTHORIZED, 700), T0);
    engine.advanceTo(T0 + 2 * MIN); // a: UNPRINTED_RECEIPT
    engine.onTxnEvent(ev("b", 2, AUTHORIZED, 700), T0 + 10 * MIN);
    Finding f = sink.last(FindingKind.DOUBLE_CHARGE_RISK);
    assertEquals("a", f.relatedTxn());
    assertEquals(T0 + 10 * MIN, f.raisedAtMs());
  }

  @Test
  void noDoubleChargeForOtherAmountOtherCardOrOutsideTheWindow() {
    engine.onTxnEvent(ev(Fixture.T, "a", 1, STARTED, 700, "CNY", "622848******1234"), T0);
    engine.onTxnEvent(ev(Fixture.T, "b", 2, AUTHORIZED, 701, "CNY", null), T0 + MIN);
    engine.onTxnEvent(ev(Fixture.T, "c", 3, AUTHORIZED, 700, "USD", null), T0 + MIN);
    engine.onTxnEvent(ev(Fixture.T, "d", 4, AUTHORIZED, 700, "CNY", "622848******9999"), T0 + MIN);
    // printed at once, so none of them becomes a doubtful "earlier sale" itself
    engine.onTxnEvent(ev("b", 5, PRINTED), T0 + MIN);
    engine.onTxnEvent(ev("c", 6, PRINTED), T0 + MIN);
    engine.onTxnEvent(ev("d", 7, PRINTED), T0 + MIN);
    engine.advanceTo(T0 + 5 * MIN); // a: UNCONFIRMED_SALE
    assertEquals(Set.of("UNCONFIRMED_SALE:a"), sink.openSet());
    engine.onTxnEvent(ev(Fixture.T, "e", 8, AUTHORIZED, 700, "CNY", null), T0 + 15 * MIN + 1);
    engine.onTxnEvent(ev("e", 9, PRINTED), T0 + 15 * MIN + 1);
    engine.advanceTo(T0 + 60 * MIN);
    assertEquals(0, sink.count(FindingKind.DOUBLE_CHARGE_RISK));
    // same masked pan on both sides does match
    engine.onTxnEvent(ev(Fixture.T, "f", 200, AUTHORIZED, 700, "CNY", "622848******1234"), T0 + 14 * MIN);
    assertEquals("f", sink.last(FindingKind.DOUBLE_CHARGE_RISK).key().subject());
  }

  @Test
  void severalEarlierCandidatesPickTheEarliest() {
    engine.onTxnEvent(ev("a1", 1, STARTED, 900), T0);
    engine.onTxnEvent(ev("a2", 2, STARTED, 900), T0 + 10 * SEC);
    engine.advanceTo(T0 + 3 * MIN);
    engine.onTxnEvent(ev("b", 3, AUTHORIZED, 900), T0 + 4 * MIN);
    assertEquals("a1", sink.last(FindingKind.DOUBLE_CHARGE_RISK).relatedTxn());
    assertEquals(1, sink.count(FindingKind.DOUBLE_CHARGE_RISK));
  }

  @Test
  void duplicateSeqChangesNothing() {
    engine.onTxnEvent(ev("a", 1, STARTED), T0);
    engine.onTxnEvent(ev("a", 2, AUTHORIZED), T0 + SEC);
    TerminalView before = engine.terminal(Fixture.M, Fixture.T).orElseThrow();
    // same seq again, even carrying another event type: duplicate, nothing changes
    assertEquals(ApplyResult.DUPLICATE, engine.onTxnEvent(ev("a", 2, PRINTED), T0 + 2 * SEC));
    assertEquals(ApplyResult.DUPLICATE, engine.onTxnEvent(ev("a", 1, STARTED), T0 + 2 * SEC));
    TerminalView after = engine.terminal(Fixture.M, Fixture.T).orElseThrow();
    assertEquals(before.openSales(), after.openSales());
    assertEquals(2, engine.stats().duplicates());
    engine.advanceTo(T0 + 2 * MIN);
    assertEquals(Set.of("UNPRINTED_RECEIPT:a"), sink.openSet()); // the "PRINTED" duplicate was ignored
  }

  @Test
  void redeliveryOfAWholeScenarioIsIdempotent() {
    List<io.tillwatch.telemetry.TxnEvent> events = List.of(ev("a", 1, STARTED), ev("a", 2, AUTHORIZED),
        ev("a", 3, PRINT_FAILED), ev("b", 4, STARTED));
    long t = T0;
    for (var e : events) {
      assertEquals(ApplyResult.APPLIED, engine.onTxnEvent(e, t += SEC));
    }
    engine.advanceTo(T0 + 3 * MIN);
    Set<String> open = sink.openSet();
    int raised = sink.raised.size();
    for (var e : events) {
      assertEquals(ApplyResult.DUPLICATE, engine.onTxnEvent(e, t += SEC));
    }
    engine.advanceTo(T0 + 10 * MIN);
    assertEquals(open, sink.openSet());
    assertEquals(raised, sink.raised.size());
    assertEquals(Set.of("UNPRINTED_RECEIPT:a", "UNCONFIRMED_SALE:b"), open);
  }
}
