package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import org.junit.jupiter.api.Test;

/** The packed layout of a sale reads back exactly what was applied. */
class SaleStateTest {
  private static final long DAY = 24 * 3_600_000L;

  private final TerminalState terminal = new TerminalState("m", "t", 4, T0);

  @Test
  void timesReadBackExactlyWithinAndBeyondAnIntOfMs() {
    SaleState s = SaleState.create(terminal, "x1");
    s.apply(ev("x1", 5, EventType.AUTHORIZED), T0 + 7);
    assertEquals(T0 + 7, s.firstReceivedMs);
    assertEquals(T0 + 7, s.authorizedMs());
    assertEquals(SaleState.NONE, s.startedMs());
    assertEquals(SaleState.NONE, s.printFailedMs());
    assertNull(terminal.wideTimes);

    // a STARTED received 30 days earlier (a long replay, a year-long terminalForget): 30 days > an int of ms
    s.apply(ev("x1", 4, EventType.STARTED), T0 - 30 * DAY);
    s.apply(ev("x1", 9, EventType.REVERSAL_QUEUED), T0 + 40 * DAY);
    assertEquals(T0 - 30 * DAY, s.firstReceivedMs);
    assertEquals(T0 - 30 * DAY, s.startedMs());
    assertEquals(T0 + 7, s.authorizedMs());
    assertEquals(T0 + 40 * DAY, s.reversalQueuedMs());
    assertEquals(T0 + 40 * DAY, s.lastReceivedMs());
    assertEquals(SaleState.NONE, s.printFailedMs());
    assertEquals(4, s.firstSeq);
    assertEquals(1, terminal.wideTimes.size());

    s.apply(ev("x1", 6, EventType.PRINT_FAILED), T0 + 8); // stays wide, still exact
    assertEquals(T0 + 8, s.printFailedMs());
    assertEquals(T0 + 7, s.authorizedMs());
    s.release();
    assertTrue(terminal.wideTimes.isEmpty());
  }

  @Test
  void bitsKeepMaskFindingsAndTheAuthorizedAmount() {
    SaleState s = SaleState.create(terminal, "x2");
    s.apply(ev("x2", 1, EventType.STARTED, 500), T0);
    assertEquals("CNY", s.currency());
    assertEquals(500, s.amount);
    s.setOpen(FindingKind.UNCONFIRMED_SALE);
    s.setOpen(FindingKind.STUCK_REVERSAL);
    s.apply(ev(Fixture.T, "x2", 2, EventType.AUTHORIZED, 700, "USD", null), T0 + 1);
    assertEquals(700, s.amount);
    assertEquals("USD", s.currency());
    s.apply(ev("x2", 3, EventType.STARTED, 900), T0 + 2); // the authorized amount wins
    assertEquals(700, s.amount);
    assertEquals("USD", s.currency());
    assertEquals(SaleMask.STARTED | SaleMask.AUTHORIZED, s.mask());
    assertTrue(s.isOpen(FindingKind.UNCONFIRMED_SALE));
    assertTrue(s.isOpen(FindingKind.STUCK_REVERSAL));
    assertFalse(s.isOpen(FindingKind.DOUBLE_CHARGE_RISK));
    s.clearOpen(FindingKind.UNCONFIRMED_SALE);
    assertEquals(SaleState.bit(FindingKind.STUCK_REVERSAL), s.open());
    assertTrue(s.atRisk());
    assertEquals("rrn-x2", s.rrn);
  }
}
