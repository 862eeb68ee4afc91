package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.tillwatch.auth.Authenticator;
import io.tillwatch.auth.Credential;
import io.tillwatch.auth.TopicAcl;
import io.tillwatch.metrics.TillWatchMetrics;
import io.tillwatch.telemetry.Topic;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.tillwatch.telemetry.Ids;
import io.vertx.core.Context;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One terminal (or operator console) connection to the embedded endpoint.
 *
 * <p>Design notes (after Eclipse Hono's MQTT adapter). Publish auto-ack is off: a QoS 1 PUBACK
 * is sent only once the pipeline says the message is safe (journaled, or refused for good), and
 * only if the connection is still up; acks are sent on the connection's own event loop. When a
 * message cannot be stored (journal full or failing) the connection is closed without a PUBACK,
 * so the terminal resends it after reconnecting rather than believing it delivered. The Last Will
 * is acted on here, because vertx-mqtt is not a broker: when the connection ends without a
 * DISCONNECT (or with MQTT 5's "disconnect with will"), the Will is fed through the same pipeline
 * as if the terminal had published it.
 */
final class MqttConnection {
  private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

  private final MqttEndpoint endpoint;
  private final Context context;
  private final IngestPipeline pipeline;
  private final Subscriptions subscriptions;
  private final TillWatchMetrics metrics;
  private final AtomicInteger activeConnections;
  private final BooleanSupplier accepting;
  private final ClientRegistry clients;
  private final Authenticator authenticator;
  private final String clientId;
  private boolean willSuppressed;
  /** The authenticated identity; null with anonymous access (authentication explicitly off). */
  private Credential identity;

  MqttConnection(MqttEndpoint endpoint, Context context, EndpointServices services) {
    this.endpoint = endpoint;
    this.context = context;
    this.pipeline = services.pipeline();
    this.subscriptions = services.subscriptions();
    this.metrics = services.metrics();
    this.activeConnections = services.activeConnections();
    this.accepting = services.accepting();
    this.clients = services.clients();
    this.authenticator = services.authenticator();
    this.clientId = endpoint.clientIdentifier();
  }

  void start() {
    if (!accepting.getAsBoolean()) {
      refuse(ConnectRefusal.SERVER_UNAVAILABLE);
      return;
    }
    if (clientId == null || !Ids.isValid(clientId)) {
      refuse(ConnectRefusal.BAD_CLIENT_ID);
      return;
    }
    if (authenticator == null) {
      accept();
      return;
    }
    MqttAuth auth = endpoint.auth();
    String username = auth == null ? null : auth.getUsername();
    String secret = auth == null ? null : auth.getPassword();
    String host = endpoint.remoteAddress() == null ? "?" : endpoint.remoteAddress().host();
    java.security.cert.X509Certificate cert = PeerCertificate.of(endpoint); // null: none presented, or no TLS
    // The slow hash (and the store lookup) must not run on the event loop.
    context.owner().executeBlocking(() -> cert != null ? authenticator.checkCertificate(clientId, cert)
        : authenticator.check(clientId, username, secret, host), false).onComplete(ar -> {
      if (ar.failed()) {
        LOG.error("could not check the credentials of {}: {}", clientId, ar.cause().toString());
        refuse(ConnectRefusal.SERVER_UNAVAILABLE);
      } else if (!ar.result().accepted()) {
        ConnectRefusal r = ConnectRefusal.of(ar.result().refusal());
        LOG.warn("refused the connection of client {} from {}: {}", clientId, host, r.label());
        refuse(r);
      } else {
        identity = ar.result().identity();
        accept();
      }
    });
  }

  private void accept() {
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(u -> {
      u.topics().forEach(t -> subscriptions.remove(endpoint, t));
      endpoint.unsubscribeAcknowledge(u.messageId());
    });
    endpoint.disconnectMessageHandler(d -> willSuppressed = d.code() != MqttDisconnectReasonCode.WITH_WILL_MESSAGE);
    endpoint.closeHandler(v -> onClose());
    endpoint.exceptionHandler(e -> LOG.debug("connection error from {}: {}", clientId, e.toString()));
    endpoint.accept(false);
    activeConnections.incrementAndGet();
    metrics.connectionAccepted();
    clients.connected(clientId, this);
  }

  private void refuse(ConnectRefusal r) {
    metrics.connectionRefused(r.label());
    endpoint.reject(r.code(endpoint.protocolVersion()));
  }

  /**
   * The same client connected again: close this older connection. Its Will is not acted on — the
   * terminal is right there on the new connection, so "offline" would be a false alarm.
   */
  void takenOver() {
    context.runOnContext(v -> {
      willSuppressed = true;
      if (endpoint.isConnected()) {
        LOG.info("client {} connected again; closing its previous connection", clientId);
        endpoint.close();
      }
    });
  }

  private void onPublish(MqttPublishMessage message) {
    if (!accepting.getAsBoolean()) {
      return; // shutting down: no PUBACK, the terminal resends to the next instance
    }
    long receivedNanos = System.nanoTime();
    int messageId = message.messageId();
    MqttQoS qos = message.qosLevel();
    Topic topic = Topic.parseOrNull(message.topicName());
    if (topic != null && !TopicAcl.mayPublish(identity, clientId, topic)) {
      denyPublish(messageId, qos);
      return;
    }
    IngestOutcome outcome = new IngestOutcome() {
      @Override
      public void safe() {
        if (qos == MqttQoS.AT_MOST_ONCE) {
          return;
        }
        context.runOnContext(v -> {
          if (!endpoint.isConnected()) {
            return;
          }
          if (qos == MqttQoS.AT_LEAST_ONCE) {
            endpoint.publishAcknowledge(messageId);
          } else {
            endpoint.publishReceived(messageId);
          }
          metrics.ingestLatency(System.nanoTime() - receivedNanos);
        });
      }

      @Override
      public void notStored(Throwable cause) {
        context.runOnContext(v -> {
          LOG.warn("could not store a message from {} ({}); closing the connection so it is resent", clientId, cause.toString());
          if (endpoint.isConnected()) {
            endpoint.close();
          }
        });
      }
    };
    byte[] payload = message.payload().getBytes();
    if (topic != null) {
      pipeline.accept(clientId, topic, payload, outcome);
    } else {
      pipeline.accept(clientId, message.topicName(), payload, outcome); // refused there, with its reason
    }
  }

  /**
   * A publish outside this client's own topics. MQTT 5 can say so in the PUBACK (reason code
   * "not authorized") and the connection stays; MQTT 3.1.1 has no negative PUBACK, so the
   * connection is closed (acknowledging would tell the sender it was delivered). Nothing is kept.
   */
  private void denyPublish(int messageId, MqttQoS qos) {
    metrics.aclDenied("publish");
    if (endpoint.protocolVersion() >= 5) {
      if (qos == MqttQoS.AT_LEAST_ONCE) {
        endpoint.publishAcknowledge(messageId, MqttPubAckReasonCode.NOT_AUTHORIZED, MqttProperties.NO_PROPERTIES);
      }
      return;
    }
    LOG.warn("client {} published outside its own topics; closing its connection", clientId);
    endpoint.close();
  }

  private void onSubscribe(MqttSubscribeMessage message) {
    List<MqttQoS> granted = new ArrayList<>();
    for (MqttTopicSubscription s : message.topicSubscriptions()) {
      if (TopicFilters.subscribable(s.topicName()) && TopicAcl.maySubscribe(identity, clientId, s.topicName())) {
        MqttQoS qos = s.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
        subscriptions.add(endpoint, context, s.topicName(), qos);
        granted.add(qos);
      } else {
        metrics.aclDenied("subscribe");
        granted.add(MqttQoS.FAILURE);
      }
    }
    endpoint.subscribeAcknowledge(message.messageId(), granted);
  }

  private void onClose() {
    clients.closed(clientId, this);
    activeConnections.decrementAndGet();
    subscriptions.removeAll(endpoint);
    var will = endpoint.will();
    Topic willTopic = will == null || !will.isWillFlag() ? null : Topic.parseOrNull(will.getWillTopic());
    if (willTopic != null && !TopicAcl.mayPublish(identity, clientId, willTopic)) {
      metrics.aclDenied("publish");
      return; // a Will for another terminal's topic is spoofing, not a status
    }
    if (!willSuppressed && will != null && will.isWillFlag() && will.getWillTopic() != null && accepting.getAsBoolean()) {
      pipeline.accept(clientId, will.getWillTopic(), will.getWillMessageBytes(), new IngestOutcome() {
        @Override
        public void safe() {}

        @Override
        public void notStored(Throwable cause) {
          LOG.warn("could not store the Last Will of {}: {}", clientId, cause.toString());
        }
      });
    }
  }
}
