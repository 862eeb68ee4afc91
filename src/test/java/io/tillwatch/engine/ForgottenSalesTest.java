package io.tillwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForgottenSalesTest {
  @Test
  void remembersUntilTheHorizonOldestFirst() {
    ForgottenSales f = new ForgottenSales();
    for (int i = 0; i < 100; i++) {
      assertEquals(1, f.add(i, 1_000L * i, 1000));
    }
    assertTrue(f.contains(0) && f.contains(99));
    assertEquals(50, f.expire(50_000));
    assertFalse(f.contains(49));
    assertTrue(f.contains(50) && f.contains(99));
    assertEquals(50, f.size());
    assertEquals(50, f.expire(Long.MAX_VALUE));
    assertEquals(0, f.size());
    assertFalse(f.contains(99));
  }

  @Test
  void atCapacityTheOldestMakesRoom() {
    ForgottenSales f = new ForgottenSales();
    for (int i = 0; i < 20; i++) {
      f.add(i, i, 10);
    }
    assertEquals(10, f.size());
    assertFalse(f.contains(9));
    assertTrue(f.contains(10) && f.contains(19));
    assertEquals(0, f.add(20, 20, 10), "made room: the count stays");
  }

  @Test
  void survivesWrapAroundGrowthAndShrinking() {
    ForgottenSales f = new ForgottenSales();
    long t = 0;
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 37; i++) {
        f.add(t, t, 10_000);
        t++;
      }
      f.expire(t - 5);
      assertEquals(5, f.size());
      for (long k = t - 5; k < t; k++) {
        assertTrue(f.contains(k), "round " + round + " id " + k);
      }
      assertFalse(f.contains(t - 6));
    }
  }

  @Test
  void fingerprintsOfTheWholeIdAgreeBetweenASaleAndItsString() {
    TerminalState t = new TerminalState("m", "t", 4, 0);
    Set<Long> seen = new HashSet<>();
    for (String txn : new String[] {"20261130-000123", "20261130-000124", "x", "a-very-long-transaction-id-0000001",
        "a-very-long-transaction-id-0000002", "caf\u00e9-1"}) {
      long fp = SaleState.create(t, txn).fingerprint();
      assertEquals(TxnId.fingerprint(txn), fp, txn);
      assertTrue(seen.add(fp), "distinct: " + txn);
    }
    // long ids sharing their first 18 chars differ by what follows
    assertNotEquals(TxnId.fingerprint("a-very-long-transaction-id-0000001"), TxnId.fingerprint("a-very-long-transaction-id-0000002"));
  }
}
