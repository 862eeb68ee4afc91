package io.tillwatch.kafka;

import java.time.Duration;
import java.util.List;

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

  /** Settings for tests: one broker, a few partitions, quick ticks. */
  public static KafkaSettings forTests(String bootstrap, String prefix, int partitions) {
    return new KafkaSettings(bootstrap, prefix + ".events", prefix + ".commands", List.of(), partitions, 1,
        Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofHours(2), 0, prefix + "-detector", Duration.ofSeconds(30));
  }

  public KafkaSettings withBridgeTopics(List<String> topics) {
    return new KafkaSettings(bootstrap, eventsTopic, commandsTopic, List.copyOf(topics), partitions, replication, tick,
        tickLag, stateRetention, standbyReplicas, applicationId, produceTimeout);
  }

  public KafkaSettings withStandbyReplicas(int standbys) {
    return new KafkaSettings(bootstrap, eventsTopic, commandsTopic, bridgeTopics, partitions, replication, tick, tickLag,
        stateRetention, standbys, applicationId, produceTimeout);
  }

  public KafkaSettings withReplication(int factor) {
    return new KafkaSettings(bootstrap, eventsTopic, commandsTopic, bridgeTopics, partitions, factor, tick, tickLag,
        stateRetention, standbyReplicas, applicationId, produceTimeout);
  }
}
