package io.tillwatch.kafka;

import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Brings the records an MQTT broker's Kafka bridge writes into the events topic, in the form a
 * gateway writes: validated exactly as the gateway validates (so card data never gets further than
 * the bridge's own topic), keyed by terminal (a bridge keys by client id or topic and partitions at
 * random or by its own hash, so one terminal's messages would otherwise reach several detectors),
 * with the bridge's timestamp as the receive time.
 *
 * <p>It runs inside the detectors' Kafka Streams application, so a bridge record is moved exactly
 * once: its input position and the record it becomes commit in one transaction.
 */
final class BridgeNormalizer implements Processor<byte[], byte[], byte[], byte[]> {
  private final DetectorRuntime runtime;
  private final TelemetryDecoder decoder;
  private ProcessorContext<byte[], byte[]> context;

  private BridgeNormalizer(DetectorRuntime runtime) {
    this.runtime = runtime;
    this.decoder = new TelemetryDecoder(runtime.maxPayloadBytes());
  }

  static void addTo(Topology t, KafkaSettings settings, DetectorRuntime runtime) {
    t.addSource("bridge", settings.bridgeTopics().toArray(String[]::new));
    t.addProcessor("normalise", () -> new BridgeNormalizer(runtime), "bridge");
    t.addSink("to-events", settings.eventsTopic(), new ByteArraySerializer(), new ByteArraySerializer(), "normalise");
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    Topic topic;
    MqttMessage message;
    try {
      message = BridgeRecords.read(record.key(), record.headers(), record.value());
      topic = Topic.parse(message.topic());
      if (topic.kind() == TopicKind.CMD_RESULT) {
        // Command results go to the gateway that sent the command; a bridge has none to answer.
        return;
      }
      decoder.decode(topic, message.payload());
    } catch (RejectedMessageException e) {
      runtime.metrics().bridgeRejected(e.reason());
      return;
    }
    // Only the topic: headers a broker copied from the terminal (MQTT 5 user properties) stay behind.
    var headers = new RecordHeaders().add(BridgeRecords.TOPIC_HEADER, topic.name().getBytes(StandardCharsets.UTF_8));
    context.forward(new Record<>(EventRecords.key(topic.merchant(), topic.terminal()), message.payload(), record.timestamp(),
        headers));
  }
}
