package io.tillwatch.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Topic;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads the MQTT message out of a Kafka record written by a TillWatch gateway or by an MQTT
 * broker's Kafka bridge.
 *
 * <p>Design notes. Three layouts are recognised, in this order, and the first that applies decides:
 * <ol>
 *   <li>a header {@value #TOPIC_HEADER} holds the MQTT topic and the value is the payload as it is:
 *       what TillWatch gateways write, and what EMQX or HiveMQ write when told to add that header;
 *   <li>the key is a terminal topic ({@code pos/v1/...}) and the value is the payload: the HiveMQ
 *       Enterprise Extension for Kafka's own mapping, which keys a record by its MQTT topic;
 *   <li>the value is a JSON object with {@code topic} and {@code payload}: the EMQX 5 Kafka sink's
 *       defaults (value template {@code ${.}}, the rule's whole output as JSON; key {@code
 *       ${.clientid}}, which is ignored). The payload is a JSON string there; a rule that decoded it
 *       leaves an object or array, which is written back to compact JSON bytes.
 * </ol>
 * The header goes first because it is the one layout TillWatch controls. Since a broker may also
 * turn an MQTT 5 user property into a header (EMQX's {@code kafka_headers = ${pub_props}}, HiveMQ
 * customizations), a terminal could name another terminal's topic in one: so two differing
 * {@value #TOPIC_HEADER} headers, or a header that contradicts a {@code pos/v1/} key, are refused
 * rather than believed.
 *
 * <p>A topic is only checked for its shape ({@code pos/v1/} and UTF-8); {@link Topic#parse} in the
 * decoder does the rest, so each refusal reason has one source. The JSON of layout 3 is streamed
 * (no tree) and refused above {@value #MAX_ENVELOPE_BYTES} bytes before any parsing; other fields
 * of the envelope are skipped unread. Layouts 1 and 2 hand the value on untouched; the decoder
 * applies {@code mqtt.max-payload} to it. A refusal's detail names the rule broken, never a topic,
 * payload or parser message, all of which may quote card data.
 *
 * <p>Sources:
 * <ul>
 *   <li>EMQX Kafka sink: Message Key, Message Value, Kafka Headers, Extra Headers,
 *       https://docs.emqx.com/en/emqx/latest/data-integration/data-bridge-kafka.html ; the defaults
 *       {@code ${.clientid}}, {@code ${.}}, {@code ${.timestamp}} and the extra headers' template
 *       rules are in the schema, apps/emqx_bridge_kafka/src/emqx_bridge_kafka.erl of
 *       https://github.com/emqx/emqx ; a message's fields (id, clientid, username, payload, peerhost,
 *       topic, qos, flags, pub_props, timestamp, publish_received_at, node; payload shown as a
 *       string) at https://docs.emqx.com/en/emqx/latest/data-integration/rule-sql-events-and-fields.html
 *   <li>HiveMQ Enterprise Extension for Kafka:
 *       https://docs.hivemq.com/hivemq-kafka-extension/latest/index.html and
 *       https://www.hivemq.com/docs/4.2/enterprise-extensions/kafka.html (records carry the original
 *       MQTT topic); custom key, value and headers need a customization,
 *       https://www.hivemq.com/docs/hivemq-kafka-extension/latest/customization.html
 * </ul>
 */
public final class BridgeRecords {
  public static final String TOPIC_HEADER = "mqtt_topic";
  /** Largest JSON envelope (layout 3) that is parsed at all. */
  public static final int MAX_ENVELOPE_BYTES = 1 << 20;

  private static final byte[] PREFIX = Topic.PREFIX.getBytes(StandardCharsets.US_ASCII);
  // The payload may nest 8 levels (the decoder's limit) inside the envelope, and EMQX's pub_props
  // three; deeper than this is refused here with the reason the decoder would give.
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(64).build())
      .build();

  private BridgeRecords() {}

  /**
   * The MQTT message a record carries (layouts in the class comment). A null value of layouts 1 and
   * 2 is an empty payload: HiveMQ writes no value for a message without one.
   *
   * @throws RejectedMessageException {@code unknown_topic} when no layout yields a {@code pos/v1/}
   *     topic, {@code too_large} for an envelope above {@value #MAX_ENVELOPE_BYTES} bytes,
   *     {@code malformed_json} for an envelope that is not one JSON object with a usable payload
   */
  public static MqttMessage read(byte[] key, Headers headers, byte[] value) throws RejectedMessageException {
    byte[] topicHeader = topicHeader(headers);
    boolean topicKey = key != null && startsWith(key, PREFIX);
    if (topicHeader != null) {
      if (topicKey && !Arrays.equals(key, topicHeader)) {
        throw unknownTopic("the " + TOPIC_HEADER + " header and the key name different topics");
      }
      return new MqttMessage(topic(topicHeader, "the " + TOPIC_HEADER + " header"), orEmpty(value));
    }
    if (topicKey) {
      return new MqttMessage(topic(key, "the key"), orEmpty(value));
    }
    if (value == null || value.length == 0) {
      throw unknownTopic("no " + TOPIC_HEADER + " header, the key is not a " + Topic.PREFIX + " topic and the value is empty");
    }
    if (value.length > MAX_ENVELOPE_BYTES) {
      throw new RejectedMessageException(RejectReason.TOO_LARGE, "JSON envelope exceeds " + MAX_ENVELOPE_BYTES + " bytes");
    }
    return envelope(value);
  }

  /** The value of the topic header; null when there is none. Several must all agree (see above). */
  private static byte[] topicHeader(Headers headers) throws RejectedMessageException {
    if (headers == null) {
      return null;
    }
    byte[] found = null;
    for (Header h : headers.headers(TOPIC_HEADER)) {
      byte[] v = orEmpty(h.value());
      if (found != null && !Arrays.equals(found, v)) {
        throw unknownTopic("two " + TOPIC_HEADER + " headers name different topics");
      }
      found = v;
    }
    return found;
  }

  private static MqttMessage envelope(byte[] value) throws RejectedMessageException {
    String topic = null;
    byte[] payload = null;
    try (JsonParser p = JSON.createParser(value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw malformed("the value is neither a JSON object nor a record with a topic header or key");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("topic")) {
          // A second topic or payload could smuggle a different message past whoever read the first.
          if (topic != null) {
            throw malformed("the envelope has two topic fields");
          }
          if (v != JsonToken.VALUE_STRING) {
            throw unknownTopic("the envelope's topic is not a string");
          }
          topic = p.getText();
        } else if (name.equals("payload")) {
          if (payload != null) {
            throw malformed("the envelope has two payload fields");
          }
          payload = payload(p, v);
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw malformed("trailing content after the JSON envelope");
      }
    } catch (IOException e) {
      throw malformed(e instanceof StreamConstraintsException
          ? "the JSON envelope nests too deep or has too long a value" : "the value is not well-formed JSON");
    }
    if (topic == null) {
      throw unknownTopic("no " + TOPIC_HEADER + " header, no " + Topic.PREFIX + " key and no topic in the JSON envelope");
    }
    if (!topic.startsWith(Topic.PREFIX)) {
      throw unknownTopic("the envelope's topic does not start with " + Topic.PREFIX);
    }
    if (payload == null) {
      throw malformed("the JSON envelope has no payload field");
    }
    return new MqttMessage(topic, payload);
  }

  /** EMQX writes the MQTT payload as a string; a rule that decoded it leaves an object or array. */
  private static byte[] payload(JsonParser p, JsonToken v) throws IOException, RejectedMessageException {
    if (v == JsonToken.VALUE_STRING) {
      return p.getText().getBytes(StandardCharsets.UTF_8);
    }
    if (v != JsonToken.START_OBJECT && v != JsonToken.START_ARRAY) {
      throw malformed("the envelope's payload must be a string, a JSON object or an array");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toByteArray();
  }

  /** Shape only: {@code pos/v1/} and well-formed UTF-8 (a lenient decode would hide bad bytes). */
  private static String topic(byte[] bytes, String where) throws RejectedMessageException {
    if (!startsWith(bytes, PREFIX)) {
      throw unknownTopic(where + " does not start with " + Topic.PREFIX);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw unknownTopic(where + " is not UTF-8");
    }
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] orEmpty(byte[] value) {
    return value == null ? new byte[0] : value;
  }

  private static RejectedMessageException unknownTopic(String detail) {
    return new RejectedMessageException(RejectReason.UNKNOWN_TOPIC, detail);
  }

  private static RejectedMessageException malformed(String detail) {
    return new RejectedMessageException(RejectReason.MALFORMED_JSON, detail);
  }
}
