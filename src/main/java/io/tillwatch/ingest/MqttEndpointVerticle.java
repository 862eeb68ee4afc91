package io.tillwatch.ingest;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;

/**
 * The embedded MQTT endpoint. Deployed once per event loop: Vert.x spreads the connections of
 * servers listening on the same port across their instances, so ingest scales with cores.
 */
public final class MqttEndpointVerticle extends VerticleBase {
  /** Room for the fixed header, topic and properties on top of the largest accepted payload. */
  static final int PROTOCOL_OVERHEAD = 1024;

  private final MqttServerOptions options;
  private final EndpointServices services;
  private MqttServer server;

  public MqttEndpointVerticle(MqttServerOptions options, EndpointServices services) {
    this.options = options;
    this.services = services;
  }

  /**
   * Server options for a payload limit: the protocol limit sits above the application limit so a
   * moderately oversized payload gets a clean "too_large" refusal (and its PUBACK) instead of a
   * dropped connection; only far larger frames are cut off by the decoder.
   */
  public static MqttServerOptions options(String host, int port, int maxPayload, int connectTimeoutSeconds) {
    MqttServerOptions o = new MqttServerOptions()
        .setHost(host)
        .setPort(port)
        .setMaxMessageSize(2 * maxPayload + PROTOCOL_OVERHEAD)
        .setMaxClientIdLength(io.tillwatch.telemetry.Ids.MAX_LENGTH)
        .setTimeoutOnConnect(connectTimeoutSeconds)
        .setAutoClientId(false); // a terminal is its client id: an empty one is refused, never made up
    o.setReuseAddress(true);
    return o;
  }

  @Override
  public Future<?> start() {
    server = MqttServer.create(vertx, options);
    AckBatches acks = new AckBatches(context); // this verticle's connections all run on its event loop
    server.endpointHandler(endpoint -> new MqttConnection(endpoint, context, services, acks).start());
    // Without this, Vert.x logs an ERROR with a stack trace for such errors: a cheap way to flood the log.
    server.exceptionHandler(ProtocolErrors::report);
    return server.listen();
  }

  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
