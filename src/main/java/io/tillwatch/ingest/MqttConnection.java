package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.metrics.TillWatchMetrics;
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
  private final String clientId;
  private boolean willSuppressed;

  MqttConnection(MqttEndpoint endpoint, Context context, IngestPipeline pipeline, Subscriptions subscriptions,
      TillWatchMetrics metrics, AtomicInteger activeConnections, BooleanSupplier accepting, ClientRegistry clients) {
    this.endpoint = endpoint;
    this.context = context;
    this.pipeline = pipeline;
    this.subscriptions = subscriptions;
    this.metrics = metrics;
    this.activeConnections = activeConnections;
    this.accepting = accepting;
    this.clients = clients;
    this.clientId = endpoint.clientIdentifier();
  }

  void start() {
    if (!accepting.getAsBoolean()) {
      endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
      return;
    }
    if (clientId == null || !Ids.isValid(clientId)) {
      endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
      return;
    }
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
    pipeline.accept(clientId, message.topicName(), message.payload().getBytes(), new IngestOutcome() {
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
    });
  }

  private void onSubscribe(MqttSubscribeMessage message) {
    List<MqttQoS> granted = new ArrayList<>();
    for (MqttTopicSubscription s : message.topicSubscriptions()) {
      if (TopicFilters.allowed(s.topicName(), clientId)) {
        MqttQoS qos = s.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
        subscriptions.add(endpoint, context, s.topicName(), qos);
        granted.add(qos);
      } else {
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
