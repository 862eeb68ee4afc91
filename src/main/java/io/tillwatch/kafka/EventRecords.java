package io.tillwatch.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * <p>Ticks are the detectors' clock: an empty value with header {@value #TICK_HEADER} naming the
 * instance that wrote it, header {@value #TICK_KIND_HEADER} saying whether it is a gateway's
 * watermark or a detector's wall clock (see {@link PartitionClock}), written to every partition by
 * number. A gateway stopping cleanly writes a last tick with header {@value #TICK_END_HEADER}.
 * Deadlines fire on ticks only, so the findings follow from the partition's contents alone and a
 * replay or restore reaches the same ones.
 */
public final class EventRecords {
  private static final String TOPIC_HEADER = BridgeRecords.TOPIC_HEADER;
  public static final String TICK_HEADER = "tillwatch_tick";
  static final String TICK_KIND_HEADER = "tillwatch_tick_kind";
  static final String TICK_END_HEADER = "tillwatch_tick_end";
  private static final byte[] GATEWAY = "gateway".getBytes(StandardCharsets.UTF_8);
  private static final byte[] DETECTOR = "detector".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ONE = {'1'};
  private static final byte[] EMPTY = new byte[0];

  private EventRecords() {}

  public static byte[] key(String merchant, String terminal) {
    return (merchant + "/" + terminal).getBytes(StandardCharsets.UTF_8);
  }

  /** A message keyed {@code key} ({@link #key}) for {@code partition}, the one {@link #partitionOf} gives that key. */
  public static ProducerRecord<byte[], byte[]> event(String eventsTopic, int partition, byte[] key, String mqttTopic,
      byte[] payload, long receivedAtMs) {
    Headers headers = new RecordHeaders().add(TOPIC_HEADER, mqttTopic.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(eventsTopic, partition, receivedAtMs, key, payload, headers);
  }

  /** A tick of {@code source}: a gateway's watermark or a detector's wall clock, stamped {@code atMs}. */
  public static ProducerRecord<byte[], byte[]> tick(String eventsTopic, int partition, long atMs, String source,
      boolean gateway) {
    Headers headers = new RecordHeaders().add(TICK_HEADER, source.getBytes(StandardCharsets.UTF_8))
        .add(TICK_KIND_HEADER, gateway ? GATEWAY : DETECTOR);
    return new ProducerRecord<>(eventsTopic, partition, atMs, null, EMPTY, headers);
  }

  /** A gateway's last tick: it stopped, and waits on Kafka for nothing. */
  public static ProducerRecord<byte[], byte[]> farewell(String eventsTopic, int partition, long atMs, String source) {
    ProducerRecord<byte[], byte[]> r = tick(eventsTopic, partition, atMs, source, true);
    r.headers().add(TICK_END_HEADER, ONE);
    return r;
  }

  public static boolean isTick(Headers headers) {
    return headers.lastHeader(TICK_HEADER) != null;
  }

  /** The instance that wrote a tick; the first release wrote "1" for every detector. */
  static String tickSource(Headers headers) {
    return new String(headers.lastHeader(TICK_HEADER).value(), StandardCharsets.UTF_8);
  }

  /** A gateway's watermark; a tick without a kind (the first release's) is a detector's. */
  static boolean isGatewayTick(Headers headers) {
    Header h = headers.lastHeader(TICK_KIND_HEADER);
    return h != null && Arrays.equals(h.value(), GATEWAY);
  }

  static boolean isFarewell(Headers headers) {
    return headers.lastHeader(TICK_END_HEADER) != null;
  }

  /** The MQTT topic of a record of the events topic, or null. */
  public static String mqttTopic(Headers headers) {
    Header h = headers.lastHeader(TOPIC_HEADER);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** The partition Kafka's default partitioner gives a key: where a terminal's messages are. */
  public static int partitionOf(String merchant, String terminal, int partitions) {
    return partitionOf(key(merchant, terminal), partitions);
  }

  /** The partition of a key already encoded: a gateway encodes each message's key once. */
  public static int partitionOf(byte[] key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key)) % partitions;
  }
}
