package io.tillwatch.ingest;

import io.tillwatch.commands.CommandResults;
import io.tillwatch.journal.EventJournal;
import io.tillwatch.journal.JournalOverloadedException;
import io.tillwatch.metrics.IngestMetrics;
import io.tillwatch.telemetry.CommandResult;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import io.tillwatch.telemetry.TxnEvent;
import java.time.Clock;

/**
 * Decode, validate, make durable, hand to detection: the path of every terminal message,
 * independent of where it came from (embedded MQTT endpoint or an external broker).
 *
 * <p>Design notes. Where a message is made safe is the {@link TelemetrySink}'s business: this
 * process's journal and engines ({@link LocalDetection}, described here), or a Kafka topic in a
 * cluster. A transaction event is journaled first and applied to the engine only after
 * its commit, so engine state never holds anything a crash could lose, and recovery replays
 * exactly what was acknowledged. Heartbeats and status changes go the other way round: the engine
 * turns them into the terminal's durable state (which needs the engine's view, e.g. when an upload
 * backlog began), then that state is stored before the acknowledgement. Refused messages are
 * counted by reason, logged (rate-limited, without content), remembered as the terminal's last
 * refusal (reason and time only) and reported {@code refused}, which is final like {@code safe}: a
 * QoS 1 sender is acknowledged (with a reason code on MQTT 5) and does not resend them forever;
 * nothing of their content is kept. A terminal's answer to a command goes to
 * {@link CommandResults} and is acknowledged once it is committed (or refused there: an unknown
 * id, another terminal's command, a repeat).
 */
public final class IngestPipeline {
  private final TelemetryDecoder decoder;
  private final TelemetrySink sink;
  private final IngestMetrics metrics;
  private final RejectLog rejectLog;
  private final Clock clock;
  private final CommandResults commandResults;
  private final LastRefusals lastRefusals;

  /** A pipeline that ignores answers to commands (tests of telemetry alone). */
  public IngestPipeline(TelemetryDecoder decoder, EventJournal journal, TelemetryConsumer consumer, IngestMetrics metrics,
      RejectLog rejectLog, Clock clock) {
    this(decoder, journal, consumer, metrics, rejectLog, clock, CommandResults.NONE);
  }

  public IngestPipeline(TelemetryDecoder decoder, EventJournal journal, TelemetryConsumer consumer, IngestMetrics metrics,
      RejectLog rejectLog, Clock clock, CommandResults commandResults) {
    this(decoder, new LocalDetection(journal, consumer), metrics, rejectLog, clock, commandResults,
        new LastRefusals(LastRefusals.DEFAULT_TERMINALS));
  }

  public IngestPipeline(TelemetryDecoder decoder, TelemetrySink sink, IngestMetrics metrics, RejectLog rejectLog, Clock clock,
      CommandResults commandResults, LastRefusals lastRefusals) {
    this.commandResults = commandResults;
    this.lastRefusals = lastRefusals;
    this.decoder = decoder;
    this.sink = sink;
    this.metrics = metrics;
    this.rejectLog = rejectLog;
    this.clock = clock;
  }

  public void accept(String clientId, String topicName, byte[] payload, IngestOutcome outcome) {
    Topic topic;
    try {
      topic = Topic.parse(topicName);
    } catch (RejectedMessageException e) {
      refused(clientId, null, kindOf(topicName), true, e, outcome);
      return;
    }
    accept(clientId, topic, payload, outcome);
  }

  /** For callers that already parsed the topic (the MQTT endpoint does, for its ACL). */
  public void accept(String clientId, Topic topic, byte[] payload, IngestOutcome outcome) {
    long receivedAtMs = clock.millis();
    metrics.messageReceived(topic.kind());
    Telemetry telemetry;
    try {
      telemetry = decoder.decode(topic, payload);
    } catch (RejectedMessageException e) {
      if (topic.kind() == TopicKind.CMD_RESULT) {
        commandResults.malformed();
      }
      refused(clientId, topic, topic.kind().level(), false, e, outcome);
      return;
    }
    if (telemetry instanceof CommandResult result) {
      safeWhenStored(commandResults.accept(result), outcome);
    } else if (telemetry instanceof TxnEvent event) {
      metrics.clockSkew(event.atMs() - receivedAtMs);
      sink.accept(topic, payload, event, receivedAtMs).whenComplete((ok, error) -> {
        if (error != null) {
          notStored(outcome, error);
          return;
        }
        metrics.txnEventAccepted(event.type());
        outcome.safe();
      });
    } else {
      if (telemetry instanceof Heartbeat hb && hb.atMs() > 0) {
        metrics.clockSkew(hb.atMs() - receivedAtMs);
      }
      safeWhenStored(sink.accept(topic, payload, telemetry, receivedAtMs), outcome);
    }
  }

  private void safeWhenStored(java.util.concurrent.CompletionStage<?> stored, IngestOutcome outcome) {
    stored.whenComplete((ok, error) -> {
      if (error != null) {
        notStored(outcome, error);
      } else {
        outcome.safe();
      }
    });
  }

  /** {@code topic} null: the topic itself was refused (then no terminal is known to remember it for). */
  private void refused(String clientId, Topic topic, String topicKind, boolean inTopic, RejectedMessageException e,
      IngestOutcome outcome) {
    metrics.messageRejected(e.reason());
    rejectLog.refused(clientId, topic, topicKind, e);
    if (topic != null) {
      lastRefusals.refused(topic.merchant(), topic.terminal(), e.reason(), clock.millis());
    }
    outcome.refused(e.reason(), inTopic);
  }

  private void notStored(IngestOutcome outcome, Throwable error) {
    Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof JournalOverloadedException) {
      metrics.ingestOverload();
    }
    outcome.notStored(cause);
  }

  /** The topic's last level when it is one of ours, for the log line; never the raw topic text. */
  private static String kindOf(String topicName) {
    if (topicName == null) {
      return "unknown-topic";
    }
    for (String k : new String[] {"txn", "heartbeat", "status", "cmd-result"}) {
      if (topicName.endsWith("/" + k)) {
        return k;
      }
    }
    return "unknown-topic";
  }
}
