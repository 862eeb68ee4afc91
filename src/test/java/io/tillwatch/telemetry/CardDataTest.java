package io.tillwatch.telemetry;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CardDataTest {
  @Test
  void masking() {
    assertTrue(CardData.isProperlyMasked("622848******1234"));
    assertTrue(CardData.isProperlyMasked("************1234"));
    assertTrue(CardData.isProperlyMasked("62284804*******0018"));
    assertFalse(CardData.isProperlyMasked("6228480402564890018"), "no mask at all");
    assertFalse(CardData.isProperlyMasked("622848040*****0018"), "nine leading digits");
    assertFalse(CardData.isProperlyMasked("622848****12*34"), "digits inside the mask");
    assertFalse(CardData.isProperlyMasked("1234"), "too short to be a PAN");
  }

  @Test
  void luhnRuns() {
    assertTrue(CardData.containsLikelyPan("4111111111111111"));
    assertTrue(CardData.containsLikelyPan("pan=4111-1111-1111-1111;"));
    assertFalse(CardData.containsLikelyPan("4111111111111112"), "fails Luhn");
    assertFalse(CardData.containsLikelyPan("433412345678"), "an rrn is 12 digits");
    assertFalse(CardData.containsLikelyPan("41111111111111110000000"), "longer than any PAN");
  }
}
