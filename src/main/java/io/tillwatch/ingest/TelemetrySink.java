package io.tillwatch.ingest;

import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.Topic;
import java.util.concurrent.CompletionStage;

/**
 * Where validated telemetry goes to be made safe before the sender is acknowledged: this process's
 * journal and engines ({@link LocalDetection}), or, in a cluster, the Kafka topic the detectors read.
 *
 * <p>The raw payload travels with the decoded message because a cluster gateway forwards the bytes as
 * accepted (the detector decodes them again); only messages the decoder accepted reach a sink, so no
 * card data ever does.
 */
public interface TelemetrySink {
  /**
   * Completes once the message is safe (it may be acknowledged); fails when it is not, with
   * {@link io.tillwatch.journal.JournalOverloadedException} when the sink is full.
   */
  CompletionStage<Void> accept(Topic topic, byte[] payload, Telemetry telemetry, long receivedAtMs);
}
