package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttProperties.StringProperty;
import io.tillwatch.telemetry.RejectReason;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

/**
 * What an MQTT 5 terminal is told about a refused message: a PUBACK reason code chosen
 * from the few the protocol allows there, and the refusal reason's label as Reason String — the
 * same word as in the metric and the log, never anything of the message.
 *
 * <p>Why these codes: "topic name invalid" (0x90) when the topic broke the contract, so a
 * provisioning error is told apart from a firmware one; "quota exceeded" (0x97) for a payload over
 * {@code mqtt.max-payload}, an administrator's limit (0x95 "packet too large" is not allowed in a
 * PUBACK); "implementation specific error" (0x83, "valid, but the receiver will not accept it") for
 * card data, which must stand out from a mere format error; "payload format invalid" (0x99) for
 * every other breach of the payload contract. "Not authorized" (0x87) is the topic ACL's, sent by
 * the connection itself.
 */
final class RefusalCodes {
  private RefusalCodes() {}

  static MqttPubAckReasonCode pubAck(RejectReason reason, boolean inTopic) {
    return switch (reason) {
      case CARD_DATA -> MqttPubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR;
      case UNKNOWN_TOPIC -> MqttPubAckReasonCode.TOPIC_NAME_INVALID;
      case TOO_LARGE -> MqttPubAckReasonCode.QUOTA_EXCEEDED;
      case BAD_ID -> inTopic ? MqttPubAckReasonCode.TOPIC_NAME_INVALID : MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
      case MALFORMED_JSON, MISSING_FIELD, BAD_FIELD, UNKNOWN_EVENT, BAD_STATUS -> MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
    };
  }

  /**
   * The Reason String, unless the client asked for no problem information (its CONNECT's Request
   * Problem Information 0, which forbids one in a PUBACK) or allows packets too small to carry it.
   */
  static MqttProperties properties(RejectReason reason, MqttProperties connect) {
    if (intProperty(connect, MqttPropertyType.REQUEST_PROBLEM_INFORMATION) == 0
        || intProperty(connect, MqttPropertyType.MAXIMUM_PACKET_SIZE) < 64) {
      return MqttProperties.NO_PROPERTIES;
    }
    MqttProperties p = new MqttProperties();
    p.add(new StringProperty(MqttPropertyType.REASON_STRING.value(), reason.label()));
    return p;
  }

  /** An integer property of the CONNECT; absent, or no CONNECT properties, reads as "no limit". */
  private static int intProperty(MqttProperties connect, MqttPropertyType type) {
    MqttProperties.MqttProperty<?> p = connect == null ? null : connect.getProperty(type.value());
    return p != null && p.value() instanceof Integer i ? i : Integer.MAX_VALUE;
  }
}
