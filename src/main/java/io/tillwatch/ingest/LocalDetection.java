package io.tillwatch.ingest;

import io.tillwatch.journal.EventJournal;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * The single process's sink: a transaction event is journaled and then handed to its engine; a
 * heartbeat or status goes to the engine first (which knows, e.g., when an upload backlog began) and
 * the resulting terminal state is journaled. Either way the message is safe once the journal committed.
 * The raw payload is not needed here (the journal stores the decoded event), so it is never copied.
 */
public final class LocalDetection implements TelemetrySink {
  private final EventJournal journal;
  private final TelemetryConsumer consumer;

  public LocalDetection(EventJournal journal, TelemetryConsumer consumer) {
    this.journal = journal;
    this.consumer = consumer;
  }

  @Override
  public CompletionStage<Void> accept(Topic topic, byte[] payload, Telemetry telemetry, long receivedAtMs) {
    return journalAndApply(telemetry, receivedAtMs);
  }

  @Override
  public CompletionStage<Void> accept(Topic topic, ByteBuffer payload, Telemetry telemetry, long receivedAtMs) {
    return journalAndApply(telemetry, receivedAtMs);
  }

  private CompletionStage<Void> journalAndApply(Telemetry telemetry, long receivedAtMs) {
    if (telemetry instanceof TxnEvent event) {
      return journal.append(event, receivedAtMs).thenRun(() -> consumer.txnCommitted(event, receivedAtMs));
    }
    return consumer.terminalUpdate(telemetry, receivedAtMs).thenCompose(journal::saveTerminal);
  }
}
