package io.tillwatch.ingest;

import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.Topic;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Where validated telemetry goes to be made safe before the sender is acknowledged: this process's
 * journal and engines ({@link LocalDetection}), or, in a cluster, the Kafka topic the detectors read.
 *
 * <p>The raw payload travels with the decoded message because a cluster gateway forwards the bytes as
 * accepted (the detector decodes them again); only messages the decoder accepted reach a sink, so no
 * card data ever does. It comes as an array the sink may keep, or (the embedded endpoint, which
 * decodes the received buffer in place) as a {@link ByteBuffer} that is the sink's only during the call.
 */
public interface TelemetrySink {
  /**
   * Completes once the message is safe (it may be acknowledged); fails when it is not, with
   * {@link io.tillwatch.journal.JournalOverloadedException} when the sink is full.
   */
  CompletionStage<Void> accept(Topic topic, byte[] payload, Telemetry telemetry, long receivedAtMs);

  /**
   * The same with the payload as the remaining bytes of a buffer that is valid only until this call
   * returns (its position and limit must be left as they are): a sink that needs the bytes later copies
   * them, which is what this default does. A sink that does not look at the payload overrides it to skip the copy.
   */
  default CompletionStage<Void> accept(Topic topic, ByteBuffer payload, Telemetry telemetry, long receivedAtMs) {
    byte[] copy = new byte[payload.remaining()];
    payload.get(payload.position(), copy);
    return accept(topic, copy, telemetry, receivedAtMs);
  }
}
