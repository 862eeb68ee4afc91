package io.tillwatch.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tillwatch.metrics.ClusterMetrics;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * A gateway's watermarks: per partition, just below the oldest message still waiting for Kafka's
 * answer, whether that answer is an acknowledgement or a failure; the tick's own time where nothing
 * waits. The record goes to the partition the watermark was booked against.
 */
class GatewaySinkTest {
  private static final int PARTITIONS = 4;
  private static final long NOW = 1_764_583_080_000L;

  private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
      new ByteArraySerializer());
  private final GatewaySink sink = new GatewaySink(producer, "events", PARTITIONS, new ClusterMetrics(new SimpleMeterRegistry()));

  private CompletionStage<Void> send(String terminal, long receivedAtMs) {
    return sink.accept(new Topic("m001", terminal, TopicKind.TXN), new byte[] {'{', '}'}, null, receivedAtMs);
  }

  private static int partitionOf(String terminal) {
    return EventRecords.partitionOf("m001", terminal, PARTITIONS);
  }

  /** Two terminals of different partitions. */
  private static String[] terminalsApart() {
    for (int i = 1; ; i++) {
      if (partitionOf("t" + i) != partitionOf("t0")) {
        return new String[] {"t0", "t" + i};
      }
    }
  }

  @Test
  void aPartitionWithNothingInFlightTicksAtTheGivenTime() {
    long[] expected = {NOW, NOW, NOW, NOW};
    assertArrayEquals(expected, sink.watermarks(NOW));
    assertTrue(sink.idle());
  }

  @Test
  void theWatermarkStaysBelowTheOldestMessageStillWaitingInItsPartitionOnly() {
    String[] t = terminalsApart();
    int held = partitionOf(t[0]);
    send(t[0], NOW - 5_000);
    send(t[0], NOW - 3_000);
    send(t[1], NOW - 4_000);
    assertEquals(held, producer.history().get(0).partition(), "the record goes where it was booked");
    long[] w = sink.watermarks(NOW);
    assertEquals(NOW - 5_001, w[held]);
    assertEquals(NOW - 4_001, w[partitionOf(t[1])]);
    assertFalse(sink.idle());

    assertTrue(producer.completeNext()); // the oldest is acknowledged
    assertEquals(NOW - 3_001, sink.watermarks(NOW)[held]);
    producer.completeNext();
    assertTrue(producer.errorNext(new NotEnoughReplicasException("one replica in sync"))); // failed: the terminal resends
    assertArrayEquals(new long[] {NOW, NOW, NOW, NOW}, sink.watermarks(NOW));
    assertTrue(sink.idle());
  }

  @Test
  void anAcknowledgementCompletesTheMessageAndAFailureFailsIt() {
    var acked = send("t0", NOW).toCompletableFuture();
    var failed = send("t0", NOW).toCompletableFuture();
    producer.completeNext();
    producer.errorNext(new NotEnoughReplicasException("one replica in sync"));
    assertTrue(acked.isDone() && !acked.isCompletedExceptionally());
    assertTrue(failed.isCompletedExceptionally());
  }
}
