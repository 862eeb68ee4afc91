package io.tillwatch.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Terminals' answers to commands on {@code pos/v1/{merchant}/{terminal}/cmd-result}: strict, bounded, no card data. */
class CommandResultDecoderTest {
  private static final String TOPIC = "pos/v1/m001/t0001/cmd-result";
  private final TelemetryDecoder decoder = new TelemetryDecoder(4096);

  private Telemetry decode(String json) throws RejectedMessageException {
    return decoder.decode(TOPIC, json.getBytes(StandardCharsets.UTF_8));
  }

  private RejectReason reject(String json) {
    return assertThrows(RejectedMessageException.class, () -> decode(json)).reason();
  }

  @Test
  void theTopicIsATerminalTopic() throws Exception {
    assertEquals(new Topic("m001", "t0001", TopicKind.CMD_RESULT), Topic.parse(TOPIC));
    assertEquals(RejectReason.UNKNOWN_TOPIC,
        assertThrows(RejectedMessageException.class, () -> Topic.parse("pos/v1/m001/t0001/cmd")).reason(),
        "the command topic is TillWatch's to publish on, not the terminal's");
  }

  @Test
  void decodesTheContractExample() throws Exception {
    CommandResult r = (CommandResult) decode(
        "{\"id\":\"cmd-01JD3Z8K5Q2W\",\"status\":\"DONE\",\"at\":\"2026-12-01T10:00:02.120Z\",\"reason\":null}");
    assertEquals(new CommandResult("m001", "t0001", "cmd-01JD3Z8K5Q2W", CommandResult.Status.DONE, 1_796_119_202_120L, null), r);
  }

  @Test
  void aFailureCarriesItsReasonAndUnknownFieldsAreIgnored() throws Exception {
    CommandResult r = (CommandResult) decode(
        "{\"id\":\"cmd-1\",\"status\":\"FAILED\",\"at\":1764583202120,\"reason\":\"PAPER_OUT\",\"printer\":{\"temp\":41}}");
    assertEquals(CommandResult.Status.FAILED, r.status());
    assertEquals("PAPER_OUT", r.reason());
    assertNull(((CommandResult) decode("{\"id\":\"cmd-1\",\"status\":\"REJECTED\",\"at\":1764583202120}")).reason());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"status\":\"DONE\",\"at\":1764583202120}|MISSING_FIELD",
      "{\"id\":\"cmd-1\",\"at\":1764583202120}|MISSING_FIELD",
      "{\"id\":\"cmd-1\",\"status\":\"DONE\"}|MISSING_FIELD",
      "{\"id\":\"cmd-1\",\"status\":\"PRINTED\",\"at\":1764583202120}|BAD_FIELD",
      "{\"id\":\"cmd-1\",\"status\":\"done\",\"at\":1764583202120}|BAD_FIELD",
      "{\"id\":7,\"status\":\"DONE\",\"at\":1764583202120}|BAD_FIELD",
      "{\"id\":\"cmd 1\",\"status\":\"DONE\",\"at\":1764583202120}|BAD_ID",
      "{\"id\":\"cmd-1\",\"status\":\"DONE\",\"at\":\"yesterday\"}|BAD_FIELD",
      "{\"id\":\"cmd-1\",\"status\":\"FAILED\",\"at\":1764583202120,\"reason\":\"4111111111111111\"}|CARD_DATA",
      "{\"id\":\"cmd-1\",\"status\":\"DONE\",\"at\":1764583202120,\"note\":{\"pan\":\"4111111111111111\"}}|CARD_DATA",
      "{\"id\":\"cmd-1\",\"status\":\"DONE\",\"at\":1764583202120,\"cvv\":\"123\"}|CARD_DATA",
      "{\"id\":\"cmd-1\",\"status\":\"DONE\",\"at\":1764583202120} trailing|MALFORMED_JSON",
      "[\"cmd-1\"]|MALFORMED_JSON",
  })
  void refusesWhatBreaksTheContract(String json, RejectReason reason) {
    assertEquals(reason, reject(json));
  }

  @Test
  void anOversizedResultIsRefused() {
    String big = "{\"id\":\"cmd-1\",\"status\":\"DONE\",\"at\":1764583202120,\"x\":\"" + "a".repeat(5000) + "\"}";
    assertEquals(RejectReason.TOO_LARGE, reject(big));
  }
}
