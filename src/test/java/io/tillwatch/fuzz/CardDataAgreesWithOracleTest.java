package io.tillwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.telemetry.CardData;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The allocation-free scan in CardData finds exactly what the independent oracle does, on random digit-heavy text. */
class CardDataAgreesWithOracleTest {
  @Test
  void randomDigitRunsWithSeparators() {
    Random r = new Random(42);
    String alphabet = "0123456789012345678901234567890123456789 -x";
    for (int i = 0; i < 300_000; i++) {
      StringBuilder b = new StringBuilder();
      int len = 10 + r.nextInt(30);
      for (int k = 0; k < len; k++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      String s = b.toString();
      assertEquals(CardOracle.hasLuhnRun(s), CardData.containsLikelyPan(s), s);
    }
  }

  @Test
  void everyLengthAroundTheBounds() {
    Random r = new Random(7);
    for (int len = 11; len <= 21; len++) {
      for (int i = 0; i < 2_000; i++) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < len - 1; k++) {
          b.append((char) ('0' + r.nextInt(10)));
        }
        String s = CardOracle.withCheckDigit(b + "0");
        assertEquals(CardOracle.hasLuhnRun(s), CardData.containsLikelyPan(s), s);
        assertEquals(len >= 13 && len <= 19, CardData.containsLikelyPan(s), s);
      }
    }
  }
}
