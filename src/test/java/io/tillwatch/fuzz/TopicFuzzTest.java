package io.tillwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tillwatch.telemetry.Ids;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Topic;

/**
 * Jazzer fuzz test for {@link Topic#parse}: any string gives a {@link Topic} whose merchant and
 * terminal ids are valid and which spells exactly the input, or a {@link RejectedMessageException}.
 *
 * <p>Regression mode under plain {@code mvn test} runs the inputs in
 * {@code src/test/resources/io/tillwatch/fuzz/TopicFuzzTestInputs/parse/} (the whole file is the topic);
 * {@code scripts/fuzz.sh} fuzzes it for longer ({@code JAZZER_FUZZ=1 mvn -o test -Dtest='TopicFuzzTest#parse'}).
 */
class TopicFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parse(FuzzedDataProvider data) {
    check(data.consumeRemainingAsString());
  }

  static void check(String topic) {
    Topic t;
    try {
      t = Topic.parse(topic);
    } catch (RejectedMessageException e) {
      assertNotNull(e.reason());
      assertTrue(!CardOracle.echoesLongDigitRun(e.getMessage(), topic), "the refusal quotes the topic's digits");
      return;
    }
    assertTrue(Ids.isValid(t.merchant()), "merchant id is valid");
    assertTrue(Ids.isValid(t.terminal()), "terminal id is valid");
    assertNotNull(t.kind());
    assertEquals(topic, Topic.PREFIX + t.merchant() + "/" + t.terminal() + "/" + t.kind().level(), "the topic round-trips");
  }
}
