package io.tillwatch.kafka;

import io.tillwatch.ingest.TelemetrySink;
import io.tillwatch.journal.JournalOverloadedException;
import io.tillwatch.metrics.ClusterMetrics;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.Topic;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's sink: each accepted message becomes a record of the events topic, and it is safe (the
 * terminal gets its PUBACK) when Kafka acknowledged it from every in-sync replica. The producer is
 * idempotent, so a retry inside the client never writes a message twice, and it keeps the order of
 * one terminal's messages, which all go to one partition.
 *
 * <p>Design note: {@code send} is called on the MQTT event loops, which must never block. The client
 * blocks only to fetch a topic's metadata or to wait for buffer space, so it is told never to wait
 * ({@code max.block.ms=0}), the metadata is fetched before the endpoint opens and kept however idle the
 * gateway is, and a full buffer fails the message like a full journal queue: no PUBACK, the terminal
 * resends after reconnecting.
 *
 * <p>Each message is booked in {@link PendingSends} until Kafka answers, so the gateway's ticks can
 * say which receive times it still waits on, partition by partition. The partition is chosen here,
 * as Kafka's default partitioner would, so the booking and the record agree.
 */
public final class GatewaySink implements TelemetrySink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GatewaySink.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final int partitions;
  private final ClusterMetrics metrics;
  private final AutoCloseable meters;
  private final PendingSends pending = new PendingSends();

  GatewaySink(Producer<byte[], byte[]> producer, String topic, int partitions, ClusterMetrics metrics) {
    this.producer = producer;
    this.topic = topic;
    this.partitions = partitions;
    this.metrics = metrics;
    this.meters = metrics.bindProducer(producer);
  }

  /** Connects and fetches the events topic's metadata, waiting up to {@code wait} for Kafka to answer. */
  public static GatewaySink open(KafkaSettings settings, String clientId, ClusterMetrics metrics, Duration wait) {
    KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(settings, clientId));
    int partitions;
    try {
      partitions = KafkaMetadata.await(producer, settings.eventsTopic(), wait);
    } catch (RuntimeException e) {
      producer.close(Duration.ZERO);
      throw e;
    }
    return new GatewaySink(producer, settings.eventsTopic(), partitions, metrics);
  }

  static Properties producerConfig(KafkaSettings settings, String clientId) {
    Properties p = settings.producer(clientId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5); // the most that idempotence keeps in order
    p.put(ProducerConfig.LINGER_MS_CONFIG, 2); // a little batching; each message still waits for its own ack
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    int timeout = (int) settings.produceTimeout().toMillis();
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(15_000, timeout - 2));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
    p.put(ProducerConfig.METADATA_MAX_IDLE_CONFIG, (int) Duration.ofDays(1).toMillis());
    return p;
  }

  @Override
  public CompletionStage<Void> accept(Topic mqttTopic, byte[] payload, Telemetry telemetry, long receivedAtMs) {
    byte[] key = EventRecords.key(mqttTopic.merchant(), mqttTopic.terminal());
    int partition = EventRecords.partitionOf(key, partitions);
    ProducerRecord<byte[], byte[]> record = EventRecords.event(topic, partition, key, mqttTopic.name(), payload, receivedAtMs);
    CompletableFuture<Void> safe = new CompletableFuture<>();
    long started = System.nanoTime();
    PendingSends.Pending booked = pending.add(partition, receivedAtMs);
    try {
      producer.send(record, (metadata, error) -> {
        pending.answered(booked);
        settle(safe, started, error);
      });
    } catch (RuntimeException e) {
      pending.answered(booked); // refused before it was sent: nothing of it can land later
      settle(safe, started, e);
    }
    return safe;
  }

  private void settle(CompletableFuture<Void> safe, long started, Exception error) {
    if (error == null) {
      metrics.produced(System.nanoTime() - started);
      safe.complete(null);
    } else {
      metrics.produceFailed(error);
      safe.completeExceptionally(error instanceof BufferExhaustedException ? new JournalOverloadedException(-1) : error);
    }
  }

  /**
   * Per partition, the time this gateway's tick may carry: no message it still waits on Kafka for
   * was received before it. {@code upTo} where nothing waits.
   */
  long[] watermarks(long upTo) {
    long[] oldest = pending.oldest(partitions);
    for (int i = 0; i < oldest.length; i++) {
      oldest[i] = Math.min(upTo, oldest[i] == Long.MAX_VALUE ? Long.MAX_VALUE : oldest[i] - 1);
    }
    return oldest;
  }

  /** Nothing waits on Kafka: every message handed over has been answered. */
  boolean idle() {
    return pending.size() == 0;
  }

  /** Sends what is buffered and waits for its acknowledgements (up to the produce timeout), then closes. */
  @Override
  public void close() {
    try {
      meters.close();
    } catch (Exception e) {
      LOG.debug("closing producer meters", e);
    }
    producer.close(Duration.ofSeconds(30));
  }
}
