package io.tillwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.JournalOverloadedException;
import io.tillwatch.metrics.IngestMetrics;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TopicKind;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's promises, without MQTT, Vert.x or a database: a transaction event reaches
 * detection and is acknowledged only after its commit; a refusal is counted, acknowledged and
 * never stored; a full journal means no acknowledgement; a heartbeat's terminal state is stored
 * before the acknowledgement.
 */
class IngestPipelineTest {
  private static final long NOW = Instant.parse("2026-12-01T02:00:00Z").toEpochMilli();
  private static final String TXN_TOPIC = "pos/v1/m001/t0001/txn";

  private final FakeJournal journal = new FakeJournal();
  private final FakeDetection detection = new FakeDetection();
  private final RecordingMetrics metrics = new RecordingMetrics();
  private final IngestPipeline pipeline = new IngestPipeline(new TelemetryDecoder(8192), journal, detection, metrics,
      new RejectLog(Duration.ofMinutes(1), Ticker.disabledTicker()), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

  @Test
  void aTransactionEventReachesDetectionAndIsAcknowledgedOnlyAfterItsCommit() {
    Outcome outcome = new Outcome();
    pipeline.accept("t0001", TXN_TOPIC, txn(1, "STARTED"), outcome);

    assertEquals(1, journal.appended.size(), "journaled first");
    assertEquals(NOW, journal.appended.get(0).receivedAtMs());
    assertTrue(detection.committed.isEmpty(), "detection must not see an event that is not yet durable");
    assertFalse(outcome.done(), "no acknowledgement before the commit");

    journal.commits.get(0).complete(null);

    assertEquals(List.of("STARTED"), detection.committed);
    assertTrue(outcome.safe);
    assertEquals(List.of("received:txn", "skew", "accepted:STARTED"), metrics.events);
  }

  @Test
  void aFailedCommitIsNeitherAcknowledgedNorDetected() {
    Outcome outcome = new Outcome();
    pipeline.accept("t0001", TXN_TOPIC, txn(1, "AUTHORIZED"), outcome);
    journal.commits.get(0).completeExceptionally(new IllegalStateException("disk I/O error"));

    assertTrue(detection.committed.isEmpty());
    assertFalse(outcome.safe);
    assertInstanceOf(IllegalStateException.class, outcome.notStored);
    assertFalse(metrics.events.contains("overload"));
  }

  @Test
  void aFullJournalIsCountedAndNotAcknowledged() {
    journal.overloaded = true;
    Outcome outcome = new Outcome();
    pipeline.accept("t0001", TXN_TOPIC, txn(1, "STARTED"), outcome);

    assertInstanceOf(JournalOverloadedException.class, outcome.notStored);
    assertFalse(outcome.safe);
    assertTrue(metrics.events.contains("overload"));
  }

  @Test
  void aMalformedPayloadIsRefusedCountedAndAcknowledgedWithoutBeingStored() {
    Outcome outcome = new Outcome();
    pipeline.accept("t0001", TXN_TOPIC, "{\"txn\":".getBytes(StandardCharsets.UTF_8), outcome);

    assertTrue(outcome.safe, "acknowledged, so the terminal does not resend it forever");
    assertTrue(journal.appended.isEmpty());
    assertTrue(detection.committed.isEmpty());
    assertEquals(List.of("received:txn", "rejected:" + RejectReason.MALFORMED_JSON.label()), metrics.events);
  }

  @Test
  void aCardNumberIsRefusedAndNeverReachesTheJournal() {
    Outcome outcome = new Outcome();
    String withPan = "{\"txn\":\"s1\",\"seq\":1,\"event\":\"AUTHORIZED\",\"at\":\"2026-12-01T02:00:00Z\",\"amount\":12850,"
        + "\"currency\":\"CNY\",\"pan\":\"6228480402564890018\"}";
    pipeline.accept("t0001", TXN_TOPIC, withPan.getBytes(StandardCharsets.UTF_8), outcome);

    assertTrue(outcome.safe);
    assertTrue(journal.appended.isEmpty());
    assertEquals("rejected:" + RejectReason.CARD_DATA.label(), metrics.events.get(metrics.events.size() - 1));
  }

  @Test
  void aTopicOutsideTheContractIsRefusedCountedAndNotStored() {
    Outcome outcome = new Outcome();
    pipeline.accept("t0001", "pos/v2/m001/t0001/txn", txn(1, "STARTED"), outcome);

    assertTrue(outcome.safe);
    assertTrue(journal.appended.isEmpty());
    assertEquals(1, metrics.events.size(), metrics.events.toString());
    assertTrue(metrics.events.get(0).startsWith("rejected:"));
  }

  @Test
  void aRefusalIsToldWithItsReasonAndPlaceAndRememberedForItsTerminal() {
    LastRefusals last = new LastRefusals(10);
    IngestPipeline remembering = new IngestPipeline(new TelemetryDecoder(8192), new LocalDetection(journal, detection), metrics,
        new RejectLog(Duration.ofMinutes(1), Ticker.disabledTicker()), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
        io.tillwatch.commands.CommandResults.NONE, last);
    Outcome inPayload = new Outcome();
    remembering.accept("t0001", TXN_TOPIC, bytes("{\"txn\":"), inPayload);
    assertEquals(RejectReason.MALFORMED_JSON, inPayload.refusal);
    assertFalse(inPayload.inTopic);
    assertEquals(Optional.of(new LastRefusals.Refusal(RejectReason.MALFORMED_JSON, NOW)), last.last("m001", "t0001"));

    Outcome inTopic = new Outcome();
    remembering.accept("t0001", "pos/v1/m001/t$0001/txn", txn(1, "STARTED"), inTopic);
    assertEquals(RejectReason.BAD_ID, inTopic.refusal);
    assertTrue(inTopic.inTopic);
    assertEquals(RejectReason.MALFORMED_JSON, last.last("m001", "t0001").orElseThrow().reason(),
        "a refused topic names no terminal to remember it for");

    Outcome fine = new Outcome();
    remembering.accept("t0002", "pos/v1/m001/t0002/txn", txn(1, "STARTED"), fine);
    journal.commits.get(0).complete(null);
    assertTrue(fine.safe);
    assertNull(fine.refusal);
    assertTrue(last.last("m001", "t0002").isEmpty());
  }

  @Test
  void aHeartbeatIsAppliedThenItsTerminalStateStoredThenAcknowledged() {
    Outcome outcome = new Outcome();
    String hb = "{\"at\":\"2026-12-01T02:00:00Z\",\"intervalSec\":30,\"printer\":\"OK\",\"pendingUploads\":0}";
    pipeline.accept("t0001", "pos/v1/m001/t0001/heartbeat", hb.getBytes(StandardCharsets.UTF_8), outcome);

    assertEquals(1, detection.updates.size());
    assertInstanceOf(Heartbeat.class, detection.updates.get(0));
    assertEquals(1, journal.savedTerminals.size(), "the engine's view of the terminal is stored");
    assertFalse(outcome.done(), "not acknowledged before the terminal state is stored");

    journal.terminalSaves.get(0).complete(null);
    assertTrue(outcome.safe);
    assertEquals(List.of("received:heartbeat", "skew"), metrics.events);
  }

  @Test
  void aCommandResultIsAcknowledgedOnlyAfterTheCommandServiceCommittedIt() {
    FakeCommandResults results = new FakeCommandResults();
    IngestPipeline withCommands = new IngestPipeline(new TelemetryDecoder(8192), journal, detection, metrics,
        new RejectLog(Duration.ofMinutes(1), Ticker.disabledTicker()), Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
        results);
    Outcome outcome = new Outcome();
    withCommands.accept("t0001", "pos/v1/m001/t0001/cmd-result", bytes("{\"id\":\"cmd-1\",\"status\":\"DONE\",\"at\":" + NOW + "}"),
        outcome);
    assertEquals("cmd-1", results.accepted.get(0).id());
    assertFalse(outcome.done(), "not before its commit");
    results.commits.get(0).complete(null);
    assertTrue(outcome.safe);
    assertTrue(journal.appended.isEmpty() && detection.updates.isEmpty(), "a result is neither journaled nor detection's");

    Outcome failing = new Outcome();
    withCommands.accept("t0001", "pos/v1/m001/t0001/cmd-result", bytes("{\"id\":\"cmd-2\",\"status\":\"DONE\",\"at\":" + NOW + "}"),
        failing);
    results.commits.get(1).completeExceptionally(new IllegalStateException("disk full"));
    assertInstanceOf(IllegalStateException.class, failing.notStored, "not acknowledged: the terminal sends it again");
  }

  @Test
  void aMalformedCommandResultIsRefusedCountedAsSuchAndAcknowledged() {
    FakeCommandResults results = new FakeCommandResults();
    IngestPipeline withCommands = new IngestPipeline(new TelemetryDecoder(8192), journal, detection, metrics,
        new RejectLog(Duration.ofMinutes(1), Ticker.disabledTicker()), Clock.systemUTC(), results);
    Outcome outcome = new Outcome();
    withCommands.accept("t0001", "pos/v1/m001/t0001/cmd-result", bytes("{\"id\":\"cmd-1\",\"status\":\"MAYBE\"}"), outcome);
    assertTrue(outcome.safe);
    assertEquals(1, results.malformed);
    assertTrue(results.accepted.isEmpty());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static final class FakeCommandResults implements io.tillwatch.commands.CommandResults {
    final List<io.tillwatch.telemetry.CommandResult> accepted = new ArrayList<>();
    final List<CompletableFuture<Void>> commits = new ArrayList<>();
    int malformed;

    @Override
    public CompletableFuture<Void> accept(io.tillwatch.telemetry.CommandResult result) {
      accepted.add(result);
      CompletableFuture<Void> commit = new CompletableFuture<>();
      commits.add(commit);
      return commit;
    }

    @Override
    public void malformed() {
      malformed++;
    }
  }

  private static byte[] txn(long seq, String event) {
    return ("{\"txn\":\"s1\",\"seq\":" + seq + ",\"event\":\"" + event + "\",\"at\":\"2026-12-01T02:00:00Z\","
        + "\"amount\":12850,\"currency\":\"CNY\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static final class FakeDetection implements TelemetryConsumer {
    final List<String> committed = new ArrayList<>();
    final List<Telemetry> updates = new ArrayList<>();

    @Override
    public void txnCommitted(TxnEvent event, long receivedAtMs) {
      committed.add(event.type().name());
    }

    @Override
    public CompletionStage<TerminalSnapshot> terminalUpdate(Telemetry heartbeatOrStatus, long receivedAtMs) {
      updates.add(heartbeatOrStatus);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static final class RecordingMetrics implements IngestMetrics {
    final List<String> events = new ArrayList<>();

    @Override
    public void messageReceived(TopicKind kind) {
      events.add("received:" + kind.level());
    }

    @Override
    public void messageRejected(RejectReason reason) {
      events.add("rejected:" + reason.label());
    }

    @Override
    public void txnEventAccepted(EventType type) {
      events.add("accepted:" + type.name());
    }

    @Override
    public void ingestOverload() {
      events.add("overload");
    }

    @Override
    public void clockSkew(long skewMs) {
      events.add("skew");
    }
  }

  private static final class Outcome implements IngestOutcome {
    boolean safe;
    Throwable notStored;
    RejectReason refusal;
    boolean inTopic;

    @Override
    public void refused(RejectReason reason, boolean topic) {
      refusal = reason;
      inTopic = topic;
      safe();
    }

    @Override
    public void safe() {
      assertNull(notStored);
      safe = true;
    }

    @Override
    public void notStored(Throwable cause) {
      assertFalse(safe);
      notStored = cause;
    }

    boolean done() {
      return safe || notStored != null;
    }
  }
}
