package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.tillwatch.auth.ConnectDecision;
import java.util.Locale;

/** Why a CONNECT was refused, with the return code each protocol version expects (a metric label too). */
enum ConnectRefusal {
  SERVER_UNAVAILABLE(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
      MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5),
  BAD_CLIENT_ID(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
      MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID),
  BAD_CREDENTIALS(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD,
      MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD),
  CLIENT_ID_MISMATCH(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
      MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
  CERTIFICATE_MISMATCH(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED,
      MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5),
  REVOKED(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, MqttConnectReturnCode.CONNECTION_REFUSED_BANNED),
  THROTTLED(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
      MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED),
  /** mqtt.max-connections reached. */
  CONNECTION_LIMIT(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
      MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY),
  /**
   * An MQTT 3.1.1 client asked for no keep-alive or one above mqtt.max-keep-alive (3.1.1 cannot be
   * told a shorter one; MQTT 5 clients are given one instead and never refused for it).
   */
  KEEP_ALIVE(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
      MqttConnectReturnCode.CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC);

  private final MqttConnectReturnCode v311;
  private final MqttConnectReturnCode v5;

  ConnectRefusal(MqttConnectReturnCode v311, MqttConnectReturnCode v5) {
    this.v311 = v311;
    this.v5 = v5;
  }

  MqttConnectReturnCode code(int protocolVersion) {
    return protocolVersion >= 5 ? v5 : v311;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ConnectRefusal of(ConnectDecision.Refusal r) {
    return switch (r) {
      case BAD_CREDENTIALS -> BAD_CREDENTIALS;
      case CLIENT_ID_MISMATCH -> CLIENT_ID_MISMATCH;
      case CERTIFICATE_MISMATCH -> CERTIFICATE_MISMATCH;
      case REVOKED -> REVOKED;
      case THROTTLED -> THROTTLED;
    };
  }
}
