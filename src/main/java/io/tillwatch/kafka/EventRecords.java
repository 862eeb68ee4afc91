package io.tillwatch.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * The records of the events topic, which gateways and the bridge normaliser write and detectors
 * read: key {@code merchant/terminal}, value the MQTT payload as accepted, header
 * {@value TOPIC_HEADER} the MQTT topic, timestamp TillWatch's receive time. Keying by
 * terminal puts all of a terminal's messages in one partition, in the order they were accepted, so
 * one detector sees all of them.
 *
 * <p>Ticks are the detectors' clock: an empty value with header {@value #TICK_HEADER}, written to
 * every partition. Deadlines fire on ticks only, so the findings follow from the partition's
 * contents alone and a replay or restore reaches the same ones.
 */
public final class EventRecords {
  private static final String TOPIC_HEADER = BridgeRecords.TOPIC_HEADER;
  public static final String TICK_HEADER = "tillwatch_tick";
  private static final byte[] ONE = {'1'};
  private static final byte[] EMPTY = new byte[0];

  private EventRecords() {}

  public static byte[] key(String merchant, String terminal) {
    return (merchant + "/" + terminal).getBytes(StandardCharsets.UTF_8);
  }

  public static ProducerRecord<byte[], byte[]> event(String eventsTopic, String merchant, String terminal, String mqttTopic,
      byte[] payload, long receivedAtMs) {
    Headers headers = new RecordHeaders().add(TOPIC_HEADER, mqttTopic.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(eventsTopic, null, receivedAtMs, key(merchant, terminal), payload, headers);
  }

  public static ProducerRecord<byte[], byte[]> tick(String eventsTopic, int partition, long atMs) {
    Headers headers = new RecordHeaders().add(TICK_HEADER, ONE);
    return new ProducerRecord<>(eventsTopic, partition, atMs, null, EMPTY, headers);
  }

  public static boolean isTick(Headers headers) {
    return headers.lastHeader(TICK_HEADER) != null;
  }

  /** The MQTT topic of a record of the events topic, or null. */
  public static String mqttTopic(Headers headers) {
    Header h = headers.lastHeader(TOPIC_HEADER);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The partition Kafka's default partitioner gives a key: where a terminal's messages are. */
  public static int partitionOf(String merchant, String terminal, int partitions) {
    return Utils.toPositive(Utils.murmur2(key(merchant, terminal))) % partitions;
  }
}
