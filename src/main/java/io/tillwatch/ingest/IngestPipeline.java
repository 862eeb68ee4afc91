package io.tillwatch.ingest;

import io.netty.buffer.ByteBuf;
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
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.CompletionStage;

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
 *
 * <p>The payload arrives as an array (broker mode, wills, tests) or as the Vert.x buffer the MQTT
 * endpoint received, which is decoded where it lies: its Netty buffer's backing array, offset and
 * length go to the decoder as a {@link ByteBuffer}, so the bytes are not copied into a {@code byte[]}
 * first. That buffer is only read during {@code accept}: the decoder reads it during the call and a
 * sink that needs the bytes afterwards (a cluster gateway sends them to Kafka) copies them then. (In
 * vertx-mqtt 5.0.7 the received payload is already its own unpooled heap copy, never released or
 * reused, so a message held by the {@link PublishGate} is still intact when it is processed; the
 * pipeline does not rely on that beyond the call.)
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
    Topic topic = topicOrRefuse(clientId, topicName, outcome);
    if (topic != null) {
      accept(clientId, topic, payload, outcome);
    }
  }

  /** For callers that already parsed the topic (the MQTT endpoint does, for its ACL). */
  public void accept(String clientId, Topic topic, byte[] payload, IngestOutcome outcome) {
    accept(clientId, topic, payload, null, outcome);
  }

  /** The received buffer, decoded in place; read only during this call. */
  public void accept(String clientId, String topicName, Buffer payload, IngestOutcome outcome) {
    Topic topic = topicOrRefuse(clientId, topicName, outcome);
    if (topic != null) {
      accept(clientId, topic, payload, outcome);
    }
  }

  /** The received buffer, decoded in place; read only during this call. */
  public void accept(String clientId, Topic topic, Buffer payload, IngestOutcome outcome) {
    accept(clientId, topic, null, view(payload), outcome);
  }

  /**
   * The buffer's bytes as a ByteBuffer over the same memory: its Netty buffer's array range when it
   * has one (vertx-mqtt's received payloads do), its NIO view when it is direct, a copy only for a
   * buffer of several pieces or one that is not Vert.x's own implementation.
   */
  static ByteBuffer view(Buffer payload) {
    if (payload instanceof BufferInternal internal) {
      ByteBuf b = internal.getByteBuf();
      if (b.hasArray()) {
        return ByteBuffer.wrap(b.array(), b.arrayOffset() + b.readerIndex(), b.readableBytes());
      }
      if (b.nioBufferCount() == 1) {
        return b.nioBuffer();
      }
    }
    return ByteBuffer.wrap(payload.getBytes());
  }

  private Topic topicOrRefuse(String clientId, String topicName, IngestOutcome outcome) {
    try {
      return Topic.parse(topicName);
    } catch (RejectedMessageException e) {
      refused(clientId, null, kindOf(topicName), true, e, outcome);
      return null;
    }
  }

  /** One of {@code array} (the sink may keep it) and {@code view} (read during this call only) is the payload. */
  private void accept(String clientId, Topic topic, byte[] array, ByteBuffer view, IngestOutcome outcome) {
    long receivedAtMs = clock.millis();
    metrics.messageReceived(topic.kind());
    Telemetry telemetry;
    try {
      telemetry = array != null ? decoder.decode(topic, array) : decoder.decode(topic, view);
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
      toSink(topic, array, view, event, receivedAtMs).whenComplete((ok, error) -> {
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
      safeWhenStored(toSink(topic, array, view, telemetry, receivedAtMs), outcome);
    }
  }

  private CompletionStage<Void> toSink(Topic topic, byte[] array, ByteBuffer view, Telemetry telemetry, long receivedAtMs) {
    return array != null ? sink.accept(topic, array, telemetry, receivedAtMs) : sink.accept(topic, view, telemetry, receivedAtMs);
  }

  private void safeWhenStored(CompletionStage<?> stored, IngestOutcome outcome) {
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
