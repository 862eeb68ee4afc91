package io.tillwatch.harness;

import static org.awaitility.Awaitility.await;

import io.tillwatch.testsupport.KafkaCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.core.ConditionTimeoutException;

/**
 * How far the detectors' consumer group has got through the events topic, from outside: the end
 * offsets of the topic and the offsets the group committed. A detector commits only what it
 * processed (exactly-once: with its state and after its task writes), so "every partition's
 * committed offset has passed the end offset it had at moment T" means every partition processed
 * again after T. That is how the pause of a rebalance is measured here: from the kill (or the
 * join) to the moment the last partition has passed that mark. Ticks reach every partition several
 * times a second, so an idle partition passes it too.
 */
final class GroupProgress implements AutoCloseable {
  private final Admin admin;
  private final String topic;
  private final String group;

  GroupProgress(KafkaCluster kafka, String topic, String group) {
    this.admin = kafka.admin();
    this.topic = topic;
    this.group = group;
  }

  /** The end offset of every partition of the topic now. */
  Map<TopicPartition, Long> endOffsets() throws Exception {
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    Map<TopicPartition, Long> out = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(latest).all()
        .get(30, TimeUnit.SECONDS).entrySet()) {
      out.put(e.getKey(), e.getValue().offset());
    }
    return out;
  }

  /** The partitions whose committed offset has not yet reached {@code marks}. */
  List<TopicPartition> behind(Map<TopicPartition, Long> marks) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
        .get(30, TimeUnit.SECONDS);
    return marks.entrySet().stream().filter(e -> {
      OffsetAndMetadata c = committed.get(e.getKey());
      return c == null || c.offset() < e.getValue();
    }).map(Map.Entry::getKey).sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
  }

  /**
   * Waits until every partition's committed offset reached {@code marks}; returns the time from
   * {@code sinceNanos} (a {@link System#nanoTime} reading) to the first poll that saw it.
   */
  Duration awaitPassed(Map<TopicPartition, Long> marks, long sinceNanos, Duration atMost) {
    await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .until(() -> behind(marks).isEmpty());
    return Duration.ofNanos(System.nanoTime() - sinceNanos);
  }

  /**
   * Records in the report how long after {@code sinceNanos} every partition passed {@code marks}, as
   * the pause after {@code what}; a failure of the run, naming the partitions still behind, when that
   * takes longer than {@code atMost}.
   */
  void recordPause(Report r, String what, Map<TopicPartition, Long> marks, long sinceNanos, Duration atMost) throws Exception {
    try {
      r.pausesMs.put(what, awaitPassed(marks, sinceNanos, atMost).toMillis());
    } catch (ConditionTimeoutException e) {
      r.fail("processing stopped after " + what + ": " + atMost + " later, partitions " + behind(marks).stream()
          .map(TopicPartition::partition).toList() + " had not processed past the end offsets of that moment");
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
