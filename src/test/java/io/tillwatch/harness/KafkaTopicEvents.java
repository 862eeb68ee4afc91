package io.tillwatch.harness;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The events topic of a cluster, which gateways write before they send a PUBACK: a plain consumer
 * (no group, nothing committed) reads every partition from the beginning up to the end offsets
 * taken when the read starts. Only transaction events count; ticks, heartbeats and status messages
 * are passed over. Read committed, so a record only counts once Kafka would hand it to a detector.
 */
final class KafkaTopicEvents implements StoredEvents {
  private static final Duration READ_WITHIN = Duration.ofSeconds(60);
  private final String bootstrap;
  private final String topic;

  KafkaTopicEvents(String bootstrap, String topic) {
    this.bootstrap = bootstrap;
    this.topic = topic;
  }

  @Override
  public List<Row> read() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<Row> rows = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, READ_WITHIN).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, READ_WITHIN));
      long deadline = System.nanoTime() + READ_WITHIN.toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), READ_WITHIN) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end offsets " + end + " within " + READ_WITHIN);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Row row = row(r);
          if (row != null) {
            rows.add(row);
          }
        }
      }
    }
    return rows;
  }

  /** The transaction event a record carries, or null for anything else. */
  private static Row row(ConsumerRecord<byte[], byte[]> r) {
    Header mqttTopic = r.headers().lastHeader("mqtt_topic");
    if (mqttTopic == null || r.key() == null || !new String(mqttTopic.value(), StandardCharsets.UTF_8).endsWith("/txn")) {
      return null;
    }
    String key = new String(r.key(), StandardCharsets.UTF_8);
    JsonObject txn = new JsonObject(new String(r.value(), StandardCharsets.UTF_8));
    return new Row(key.substring(key.indexOf('/') + 1), txn.getLong("seq"), txn.getString("txn"), txn.getString("event"));
  }

  @Override
  public String name() {
    return "events topic";
  }
}
