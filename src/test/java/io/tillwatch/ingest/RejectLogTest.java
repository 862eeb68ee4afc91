package io.tillwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Refusal logging is limited per client and reason: a stream of one kind of refusal does not hide
 * another kind from the same terminal, nor the same kind from another terminal, and a kind is
 * logged again once the interval has passed; without a client id (broker mode) the terminal of the
 * topic separates them. The line names the client, the topic and the reason.
 */
class RejectLogTest {
  private static final Topic T1 = new Topic("m001", "t0001", TopicKind.TXN);
  private static final Topic T2 = new Topic("m001", "t0002", TopicKind.TXN);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger("io.tillwatch.ingest.rejects");
  private final AtomicLong nanos = new AtomicLong();
  private final RejectLog log = new RejectLog(Duration.ofMinutes(1), nanos::get);

  @BeforeEach
  void capture() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logs);
  }

  @Test
  void aMalformedPayloadNoLongerHidesALaterCardDataRefusal() {
    assertTrue(log.refused("t0001", T1, "txn", refusal(RejectReason.MALFORMED_JSON)));
    assertFalse(log.refused("t0001", T1, "txn", refusal(RejectReason.MALFORMED_JSON)), "same reason");
    assertTrue(log.refused("t0001", T1, "txn", refusal(RejectReason.CARD_DATA)), "another reason");
    assertTrue(log.refused("t0002", T2, "txn", refusal(RejectReason.MALFORMED_JSON)), "another client");
    assertFalse(log.refused("t0001", T1, "txn", refusal(RejectReason.CARD_DATA)));

    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    assertTrue(log.refused("t0001", T1, "txn", refusal(RejectReason.MALFORMED_JSON)), "after the interval");

    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(4, lines.size(), lines.toString());
    assertEquals("refused a message from client t0001 on pos/v1/m001/t0001/txn: card_data: field pan: not masked "
        + "(further card_data refusals from this terminal are counted, not logged, for a while)", lines.get(1));
  }

  @Test
  void withoutAClientIdAsInBrokerModeTheLimitIsPerTerminal() {
    assertTrue(log.refused(null, T1, "txn", refusal(RejectReason.MALFORMED_JSON)));
    assertTrue(log.refused(null, T2, "txn", refusal(RejectReason.MALFORMED_JSON)), "another terminal, through the broker");
    assertFalse(log.refused(null, T1, "txn", refusal(RejectReason.MALFORMED_JSON)));
  }

  @Test
  void aRefusedTopicIsNotEchoedNorAnUnnamedClient() {
    log.refused("no such id!", null, "unknown-topic", refusal(RejectReason.UNKNOWN_TOPIC));
    log.refused("t0001", null, "txn", refusal(RejectReason.BAD_ID));
    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertTrue(lines.get(0).startsWith("refused a message from client (unnamed client) on a topic outside the contract: "),
        lines.get(0));
    assertTrue(lines.get(1).startsWith("refused a message from client t0001 on a refused topic ending in /txn: bad_id"),
        lines.get(1));
  }

  private static RejectedMessageException refusal(RejectReason reason) {
    return new RejectedMessageException(reason, reason == RejectReason.CARD_DATA ? "field pan: not masked" : "test");
  }
}
