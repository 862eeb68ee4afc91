package io.tillwatch.kafka;

import java.util.Arrays;
import java.util.Objects;

/**
 * An MQTT message as a Kafka record carries it: the topic it was published on and its payload.
 *
 * <p>The payload array is not copied (a record is read once, on the thread that consumed it).
 * Equality compares the payload's bytes, not the array's identity. {@link #toString()} shows
 * neither the topic nor the payload: both are unchecked at this point and may carry card data,
 * which the decoder refuses later, and a record's string form tends to end up in logs.
 */
public record MqttMessage(String topic, byte[] payload) {
  public MqttMessage {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MqttMessage m && topic.equals(m.topic) && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return 31 * topic.hashCode() + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "MqttMessage[topic of " + topic.length() + " chars, payload of " + payload.length + " bytes]";
  }
}
