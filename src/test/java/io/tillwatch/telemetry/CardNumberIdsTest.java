package io.tillwatch.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ids are stored, logged and shown to operators, so a card number must not get in as one — yet
 * numeric ids that merely pass Luhn by chance (one in ten) must not cost a fleet its sales.
 */
class CardNumberIdsTest {
  static final TelemetryDecoder DECODER = new TelemetryDecoder(16 * 1024);

  @ParameterizedTest
  @ValueSource(strings = {"4111111111111111", "6228480402564890018", "5555555555554444", "378282246310005", "2223003122003222",
      "T4111111111111111", "x-6228480402564890018-y", "8171999927660000"})
  void cardNumbersAreNotIds(String id) {
    assertTrue(CardData.containsCardNumberId(id), id);
    assertFalse(Ids.isValid(id), id);
  }

  @ParameterizedTest
  @ValueSource(strings = {"20251130000123", "1764468000123", "0000000000000", "9999999999999995", "t-01", "s1",
      "41111111111111110000"})
  void numericIdsThatAreNoCardNumbersStayValid(String id) {
    assertTrue(Ids.isValid(id), id); // dates, ms times, counters: Luhn-valid or not, no card prefix (or too long)
  }

  @Test
  void aCardNumberInTheTxnFieldIsRefusedAsCardData() {
    String json = "{\"txn\":\"4111111111111111\",\"seq\":1,\"event\":\"STARTED\",\"at\":1764468000123,\"amount\":5,\"currency\":\"CNY\"}";
    RejectedMessageException e = assertThrows(RejectedMessageException.class,
        () -> DECODER.decode("pos/v1/m1/t1/txn", json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(RejectReason.CARD_DATA, e.reason());
    assertFalse(e.getMessage().contains("4111"), e.getMessage());
  }

  @Test
  void aCardNumberInTheTopicIsRefusedAsCardData() {
    RejectedMessageException e = assertThrows(RejectedMessageException.class, () -> Topic.parse("pos/v1/m1/6228480402564890018/txn"));
    assertEquals(RejectReason.CARD_DATA, e.reason());
    assertFalse(e.getMessage().contains("6228"), e.getMessage());
  }

  @Test
  void aCardNumberAsAStoreIdIsRefusedAsCardData() {
    String json = "{\"at\":1764468000123,\"intervalSec\":30,\"store\":\"4111111111111111\"}";
    RejectedMessageException e = assertThrows(RejectedMessageException.class,
        () -> DECODER.decode("pos/v1/m1/t1/heartbeat", json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(RejectReason.CARD_DATA, e.reason());
  }
}
