package io.tillwatch.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultRatesTest {

  @Test
  void parsesExplicitKinds() {
    FaultRates r = FaultRates.parse("unprinted=0.05,unconfirmed=0.02,double=0.01,reversal=0.01,gap=0.01,silent=0.002,backlog=0.002");
    assertEquals(0.05, r.rate(FaultKind.UNPRINTED));
    assertEquals(0.02, r.rate(FaultKind.UNCONFIRMED));
    assertEquals(0.01, r.rate(FaultKind.DOUBLE));
    assertEquals(0.002, r.rate(FaultKind.BACKLOG));
    assertEquals(0.104, r.total(), 1e-9);
  }

  @Test
  void kindsAreCaseInsensitiveAndSpacesAllowed() {
    FaultRates r = FaultRates.parse(" Silent = 0.5 , GAP=0.25 ");
    assertEquals(0.5, r.rate(FaultKind.SILENT));
    assertEquals(0.25, r.rate(FaultKind.GAP));
    assertEquals(0.0, r.rate(FaultKind.DOUBLE));
  }

  @Test
  void singleNumberSpreadsOverSaleLevelKinds() {
    FaultRates r = FaultRates.parse("0.05");
    for (FaultKind k : FaultKind.values()) {
      assertEquals(k.saleLevel() ? 0.01 : 0.0, r.rate(k), 1e-12, k.name());
    }
  }

  @Test
  void zeroMeansNoFaults() {
    FaultRates r = FaultRates.parse("0");
    assertTrue(r.isNone());
    assertNull(r.pick(0.0));
    assertEquals("0", r.toString());
  }

  @Test
  void pickMapsSlicesInDeclarationOrder() {
    FaultRates r = FaultRates.parse("gap=0.1,unprinted=0.2");
    assertEquals(FaultKind.UNPRINTED, r.pick(0.0));
    assertEquals(FaultKind.UNPRINTED, r.pick(0.199));
    assertEquals(FaultKind.GAP, r.pick(0.2));
    assertEquals(FaultKind.GAP, r.pick(0.299));
    assertNull(r.pick(0.3001));
  }

  @Test
  void toStringParsesBack() {
    FaultRates r = FaultRates.parse("double=0.01,backlog=0.002");
    assertEquals(r, FaultRates.parse(r.toString()));
  }

  @Test
  void rejectsBadSpecsWithClearMessages() {
    assertMessage("", "empty");
    assertMessage("  ", "empty");
    assertMessage("lost=0.1", "unknown fault kind 'lost'; known kinds: unprinted, unconfirmed, double, reversal, gap, silent, backlog");
    assertMessage("gap=abc", "rate of gap must be a number");
    assertMessage("gap=1.5", "between 0 and 1");
    assertMessage("gap=-0.1", "between 0 and 1");
    assertMessage("gap=0.1,gap=0.2", "given twice");
    assertMessage("gap", "fault spec must be a number");
    assertMessage("unprinted=0.6,gap=0.6", "must add up to at most 1");
    assertMessage("2", "between 0 and 1");
    assertMessage("NaN", "must be a number");
    assertMessage("gap=0.1,silent", "must be kind=rate");
  }

  private static void assertMessage(String spec, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FaultRates.parse(spec));
    assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
  }
}
