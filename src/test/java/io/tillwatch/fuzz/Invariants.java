package io.tillwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tillwatch.telemetry.CardData;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.Ids;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.StatusChange;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TxnEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/** What must hold for every decoder outcome, whatever the input. Shared by the fuzzers and their regression tests. */
final class Invariants {
  static final Set<String> TXN_FIELDS = Set.of("txn", "seq", "event", "at", "amount", "currency", "method", "rrn", "authCode", "pan");
  static final Set<String> HEARTBEAT_FIELDS = Set.of("at", "intervalSec", "lastSeq", "firmware", "network", "signal", "printer",
      "pendingUploads", "store", "region");
  /** Known free-text fields the decoder promises to scan for card numbers. */
  static final Set<String> SCANNED_FIELDS = Set.of("rrn", "authCode", "firmware", "network");

  /** Digit runs the decoder writes into refusal messages itself: its range bounds. */
  static final List<String> DECODER_BOUNDS = List.of("4102444800000", "946684800000", String.valueOf(Long.MAX_VALUE),
      String.valueOf(Integer.MAX_VALUE));

  private static final JsonFactory JSON = new JsonFactory();

  private Invariants() {}

  /** A refusal: its message never quotes a 13+ digit run of the input (topic or payload). */
  static void refusal(RejectedMessageException e, String topic, String payloadText) {
    assertNotNull(e.reason(), "a refusal has a reason");
    // The decoder's own range bounds ("at must be 946684800000..4102444800000", "0..9223372036854775807")
    // are long digit runs a fuzzer happily copies into its input; they are not an echo.
    String message = e.getMessage();
    for (String bound : DECODER_BOUNDS) {
      message = message.replace(bound, "");
    }
    assertFalse(CardOracle.echoesLongDigitRun(message, topic + "\n" + payloadText),
        "the refusal message quotes a 13+ digit run of the input");
  }

  /** An accepted message: well-formed record, valid ids, masked pan, no card number left in an unknown field. */
  static void accepted(Telemetry t, Topic topic, byte[] payload) {
    assertNotNull(t);
    assertEquals(topic.merchant(), t.merchant());
    assertEquals(topic.terminal(), t.terminal());
    assertTrue(Ids.isValid(t.merchant()) && Ids.isValid(t.terminal()), "merchant and terminal ids are valid");
    if (t instanceof TxnEvent e) {
      assertTrue(Ids.isValid(e.txn()), "txn id is valid");
      assertNotNull(e.type());
      assertTrue(e.seq() >= 0, "seq >= 0");
      assertTrue(e.amount() >= 0 || e.amount() == TxnEvent.NO_AMOUNT, "amount >= 0 or NO_AMOUNT");
      if (e.hasAmount()) {
        assertTrue(e.currency() != null && e.currency().matches("[A-Z]{3}"), "currency is alpha-3 when there is an amount");
      }
      assertTrue(e.pan() == null || CardData.isProperlyMasked(e.pan()), "pan is masked");
      assertTrue(e.rrn() == null || !CardOracle.hasLuhnRun(e.rrn()), "rrn holds no card number");
      assertTrue(e.authCode() == null || !CardOracle.hasLuhnRun(e.authCode()), "authCode holds no card number");
      noCardNumberInUnknownFields(payload, TXN_FIELDS);
    } else if (t instanceof Heartbeat h) {
      assertTrue(h.intervalSec() >= 1 && h.intervalSec() <= 86_400, "intervalSec 1..86400");
      assertTrue(h.store() == null || Ids.isValid(h.store()), "store id is valid");
      assertTrue(h.region() == null || Ids.isValid(h.region()), "region id is valid");
      assertTrue(h.firmware() == null || !CardOracle.hasLuhnRun(h.firmware()), "firmware holds no card number");
      assertTrue(h.network() == null || !CardOracle.hasLuhnRun(h.network()), "network holds no card number");
      noCardNumberInUnknownFields(payload, HEARTBEAT_FIELDS);
    } else {
      assertTrue(t instanceof StatusChange);
    }
  }

  /**
   * Walks an accepted JSON payload independently of the decoder: no unknown field (its name, any
   * nested name, any string or number in it) and no scanned text field holds a Luhn-valid 13..19 digit run.
   */
  static void noCardNumberInUnknownFields(byte[] payload, Set<String> known) {
    try (JsonParser p = JSON.createParser(payload)) {
      assertEquals(JsonToken.START_OBJECT, p.nextToken());
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (known.contains(name)) {
          if (SCANNED_FIELDS.contains(name) && v == JsonToken.VALUE_STRING) {
            assertFalse(CardOracle.hasLuhnRun(p.getText()), "accepted a card number in known field " + name);
          }
          p.skipChildren();
          continue;
        }
        assertFalse(CardOracle.hasLuhnRun(name), "accepted a card number as an unknown field's name");
        int depth = 0;
        JsonToken t = v;
        while (true) {
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            depth++;
          } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            depth--;
          } else if (t == JsonToken.FIELD_NAME || t.isScalarValue()) {
            String text = t == JsonToken.FIELD_NAME ? p.currentName() : p.getText();
            assertFalse(CardOracle.hasLuhnRun(text), "accepted a card number inside an unknown field");
          }
          if (depth == 0) {
            break;
          }
          t = p.nextToken();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the decoder accepted a payload an independent JSON parser refuses", e);
    }
  }
}
