package io.tillwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SaleTableTest {
  private final TerminalState terminal = new TerminalState("m", "t", 4, 0);

  @Test
  void txnIdsRoundTripInlineAndLong() {
    for (String id : List.of("a", "20261130-000123", "abcdefghijklmnopqr", "A.b_c-9")) {
      assertTrue(TxnId.inline(id));
      SaleState s = SaleState.create(terminal, id);
      assertFalse(s instanceof SaleState.LongId);
      assertEquals(id, s.txn());
    }
    for (String id : List.of("abcdefghijklmnopqrs", "123e4567-e89b-12d3-a456-426614174000", "caf\u00e9", "a\u0000b")) {
      assertFalse(TxnId.inline(id));
      SaleState s = SaleState.create(terminal, id);
      assertTrue(s instanceof SaleState.LongId);
      assertEquals(id, s.txn());
    }
  }

  @Test
  void behavesLikeAMapUnderRandomAddsAndRemoves() {
    SaleTable table = new SaleTable();
    Map<String, SaleState> reference = new HashMap<>();
    Random rnd = new Random(11);
    for (int step = 0; step < 200_000; step++) {
      String id = randomId(rnd);
      SaleState found = table.get(id);
      assertSame(reference.get(id), found, id);
      if (found == null && rnd.nextInt(3) != 0) {
        SaleState s = SaleState.create(terminal, id);
        table.add(s);
        reference.put(id, s);
      } else if (found != null) {
        table.remove(found);
        reference.remove(id);
      }
      assertEquals(reference.size(), table.size());
    }
    HashSet<SaleState> iterated = new HashSet<>();
    for (SaleState s : table) {
      assertTrue(iterated.add(s));
    }
    assertEquals(new HashSet<>(reference.values()), iterated);
    for (SaleState s : new ArrayList<>(reference.values())) {
      table.remove(s);
      assertNull(table.get(s.txn()));
    }
    assertTrue(table.isEmpty());
    assertFalse(table.iterator().hasNext());
  }

  /** Short ids collide in few buckets; long ids share their first 18 chars (equal words, different ids). */
  private static String randomId(Random rnd) {
    String core = Integer.toString(rnd.nextInt(3_000), 36);
    return switch (rnd.nextInt(3)) {
      case 0 -> core;
      case 1 -> "20261130-00" + core;
      default -> "20261130-000000000-" + core;
    };
  }
}
