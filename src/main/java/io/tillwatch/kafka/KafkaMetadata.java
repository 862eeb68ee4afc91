package io.tillwatch.kafka;

import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TimeoutException;

/** Waits for a producer that must never block (max.block.ms=0) to know a topic's partitions. */
final class KafkaMetadata {
  private KafkaMetadata() {}

  /**
   * Each refused look-up asks the client's I/O thread to fetch the topic's metadata; asks again until
   * it is there or {@code wait} has passed.
   */
  static int await(Producer<?, ?> producer, String topic, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        return producer.partitionsFor(topic).size();
      } catch (TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Kafka did not answer with the partitions of " + topic + " within " + wait, e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", ie);
        }
      }
    }
  }
}
