package io.tillwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.TelemetryDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Plain regression tests for what fuzzing the decoder found (the same inputs also sit in the Jazzer
 * corpus). Each was accepted, or echoed a long digit run, before the fix in {@code TelemetryDecoder}.
 */
class DecoderFindingsTest {
  static final String PAN = "4111111111111111";
  static final String HEARTBEAT = "{\"at\":1764468000123,\"intervalSec\":30,";
  static final TelemetryDecoder DECODER = new TelemetryDecoder(16 * 1024);

  static RejectedMessageException refused(String json) {
    return assertThrows(RejectedMessageException.class,
        () -> DECODER.decode("pos/v1/m001/t-01/heartbeat", json.getBytes(StandardCharsets.UTF_8)));
  }

  /** Finding 1: a card number as a field name, at the top level or nested in an unknown field, was accepted. */
  @ParameterizedTest
  @ValueSource(strings = {
      HEARTBEAT + "\"" + PAN + "\":1}",
      HEARTBEAT + "\"x\":{\"" + PAN + "\":0}}",
      HEARTBEAT + "\"x\":[1,{\"y\":{\"4111 1111 1111 1111\":true}}]}",
      HEARTBEAT + "\"x\":{\"0000000000000\":0}}"})
  void aCardNumberAsAFieldNameIsRefused(String json) {
    assertEquals(RejectReason.CARD_DATA, refused(json).reason());
  }

  /** Finding 2: a card number written as a JSON decimal or with an exponent was not scanned. */
  @ParameterizedTest
  @ValueSource(strings = {
      HEARTBEAT + "\"x\":" + PAN + ".5}",
      HEARTBEAT + "\"x\":" + PAN + "e2}",
      HEARTBEAT + "\"x\":-" + PAN + ".0}",
      HEARTBEAT + "\"x\":[[{\"y\":" + PAN + "E-3}]]}"})
  void aCardNumberWrittenAsADecimalIsRefused(String json) {
    assertEquals(RejectReason.CARD_DATA, refused(json).reason());
  }

  /** Finding 3: a field name of 13+ digits that is not itself Luhn-valid was echoed in the refusal message. */
  @ParameterizedTest
  @ValueSource(strings = {"1234567890123", "41111111111111110000", "a1234567890123b"})
  void aFieldNameWithManyDigitsIsNotEchoed(String name) {
    String json = HEARTBEAT + "\"" + name + "\":\"" + PAN + "\"}";
    RejectedMessageException e = refused(json);
    assertEquals(RejectReason.CARD_DATA, e.reason());
    assertFalse(CardOracle.echoesLongDigitRun(e.getMessage(), json), e.getMessage());
    assertTrue(e.getMessage().contains("(unnamed)"), e.getMessage());
  }

  /** Plain identifiers are still named, so operators can tell which field was refused. */
  @ParameterizedTest
  @ValueSource(strings = {"note", "ref_2026_11"})
  void aPlainFieldNameIsStillNamed(String name) {
    RejectedMessageException e = refused(HEARTBEAT + "\"" + name + "\":\"card " + PAN + "\"}");
    assertTrue(e.getMessage().contains("field " + name + " "), e.getMessage());
  }

  /** Decimals and names without card numbers are still fine (forward compatibility). */
  @ParameterizedTest
  @ValueSource(strings = {
      HEARTBEAT + "\"x\":3.14}",
      HEARTBEAT + "\"x\":{\"1234\":1.5e10}}",
      HEARTBEAT + "\"x\":12345678901234567890.5}"})
  void harmlessNumbersAndNamesAreAccepted(String json) throws Exception {
    byte[] payload = json.getBytes(StandardCharsets.UTF_8);
    Invariants.accepted(DECODER.decode("pos/v1/m001/t-01/heartbeat", payload),
        io.tillwatch.telemetry.Topic.parse("pos/v1/m001/t-01/heartbeat"), payload);
  }
}
