package io.tillwatch.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttWill;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * Test-only MQTT endpoint: accepts every client, records every PUBLISH with its arrival time,
 * PUBACKs QoS 1 at once, acknowledges subscriptions and remembers each client's Will and username.
 * Not a broker: nothing is routed or retained; a test sends a client a message with {@link #publishTo}.
 */
final class TestMqttServer {
  record Received(String clientId, String topic, byte[] payload, MqttQoS qos, boolean retain, long atMs) {}

  record Session(String clientId, String username, MqttWill will, List<String> subscriptions) {}

  final ConcurrentLinkedQueue<Received> messages = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Session> sessions = new ConcurrentLinkedQueue<>();
  final Map<String, Integer> disconnects = new ConcurrentHashMap<>();
  private final Map<String, MqttEndpoint> endpoints = new ConcurrentHashMap<>();
  private final Map<String, Context> contexts = new ConcurrentHashMap<>();
  private final MqttServer server;
  private final Vertx vertx;

  private TestMqttServer(Vertx vertx, MqttServer server) {
    this.vertx = vertx;
    this.server = server;
  }

  static TestMqttServer start(Vertx vertx) {
    MqttServer server = MqttServer.create(vertx, new MqttServerOptions().setPort(0).setHost("127.0.0.1").setMaxMessageSize(16_384));
    TestMqttServer t = new TestMqttServer(vertx, server);
    server.endpointHandler(t::onEndpoint);
    server.listen().await();
    return t;
  }

  int port() {
    return server.actualPort();
  }

  void close() {
    server.close().await();
  }

  List<Received> from(String clientId) {
    return messages.stream().filter(m -> m.clientId().equals(clientId)).collect(Collectors.toList());
  }

  /** Publishes to a connected client at QoS 1, on the client's connection's own thread. */
  void publishTo(String clientId, String topic, String payload) {
    MqttEndpoint e = endpoints.get(clientId);
    if (e == null) {
      throw new IllegalStateException(clientId + " is not connected");
    }
    contexts.get(clientId).runOnContext(v -> e.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false));
  }

  private void onEndpoint(MqttEndpoint e) {
    String clientId = e.clientIdentifier();
    endpoints.put(clientId, e);
    contexts.put(clientId, vertx.getOrCreateContext());
    List<String> subs = new java.util.concurrent.CopyOnWriteArrayList<>();
    sessions.add(new Session(clientId, e.auth() == null ? null : e.auth().getUsername(), e.will(), subs));
    e.publishAutoAck(false);
    e.publishHandler(m -> {
      messages.add(new Received(clientId, m.topicName(), m.payload().getBytes(), m.qosLevel(), m.isRetain(), System.currentTimeMillis()));
      if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE && e.isConnected()) {
        e.publishAcknowledge(m.messageId());
      }
    });
    e.subscribeHandler(s -> {
      s.topicSubscriptions().forEach(ts -> subs.add(ts.topicName()));
      e.subscribeAcknowledge(s.messageId(), s.topicSubscriptions().stream().map(ts -> ts.qualityOfService()).toList());
    });
    e.disconnectHandler(v -> disconnects.merge(clientId, 1, Integer::sum));
    e.accept(false);
  }
}
