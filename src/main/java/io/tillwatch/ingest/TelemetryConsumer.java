package io.tillwatch.ingest;

import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TxnEvent;
import java.util.concurrent.CompletionStage;

/** The ingest's one narrow door into detection: hands validated telemetry to the terminal's engine shard. */
public interface TelemetryConsumer {
  /** A transaction event that is already durably journaled. */
  void txnCommitted(TxnEvent event, long receivedAtMs);

  /** Applies a heartbeat or status change and yields the terminal's durable state to store. */
  CompletionStage<TerminalSnapshot> terminalUpdate(Telemetry heartbeatOrStatus, long receivedAtMs);
}
