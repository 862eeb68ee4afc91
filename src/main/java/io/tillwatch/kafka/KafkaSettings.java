package io.tillwatch.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The cluster roles' Kafka settings (the {@code kafka.*} keys).
 *
 * @param bridgeTopics     topics an MQTT broker's Kafka bridge writes, read by the detectors; empty for none
 * @param partitions       partitions of the topics TillWatch creates
 * @param replication      their replication factor; min.insync.replicas is one less (at least 1)
 * @param tick             how often each detector writes a clock tick into every partition
 * @param tickLag          how far a tick stays behind the wall clock
 * @param stateRetention   how long a partition's state keeps events of sales without an open finding
 * @param standbyReplicas  warm copies of each partition's state on other detectors
 * @param produceTimeout   the longest a gateway waits for Kafka's acknowledgement of one message
 */
public record KafkaSettings(
    String bootstrap,
    String eventsTopic,
    String commandsTopic,
    List<String> bridgeTopics,
    int partitions,
    int replication,
    Duration tick,
    Duration tickLag,
    Duration stateRetention,
    int standbyReplicas,
    String applicationId,
    Duration produceTimeout) {

  /**
   * How long a detector keeps waiting for a gateway's watermark after the newest tick passed it: a
   * live gateway is never further behind than its produce timeout (its sends fail then), the tick lag
   * and two tick periods, so a watermark older than that is a gateway that stopped.
   */
  public Duration watermarkStaleAfter() {
    return produceTimeout.plus(tickLag).plus(tick.multipliedBy(2));
  }

  /** Properties every producer of TillWatch starts from: bytes in and out, acknowledged by all in-sync replicas. */
  Properties producer(String clientId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }
}
