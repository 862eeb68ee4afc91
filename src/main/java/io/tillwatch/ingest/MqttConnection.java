package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.auth.Authenticator;
import io.tillwatch.auth.Credential;
import io.tillwatch.auth.TopicAcl;
import io.tillwatch.metrics.ConnectionMetrics;
import io.tillwatch.telemetry.Ids;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.Topic;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttAuth;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
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
 * only if the connection is still up; acks are sent on the connection's own event loop, brought there
 * in batches and flushed once per batch ({@link AckBatches}, {@link PubAckWriter}). A refused
 * message's PUBACK tells an MQTT 5 client why ({@link RefusalCodes}); 3.1.1 cannot be told. When a
 * message cannot be stored (journal full or failing) the connection is closed without a PUBACK,
 * so the terminal resends it after reconnecting rather than believing it delivered. The Last Will
 * is acted on here, because vertx-mqtt is not a broker: when the connection ends without a
 * DISCONNECT (or with MQTT 5's "disconnect with will"), the Will is fed through the same pipeline
 * as if the terminal had published it.
 *
 * <p>Limits ({@link ConnectionLimits}): a connection slot is taken before authentication and given
 * back when the socket closes, whatever happened in between; inbound messages pass a
 * {@link PublishGate} (in-flight bound and per-terminal rate, excess delayed rather than dropped);
 * a keep-alive above the maximum is refused (3.1.1) or overridden and enforced (MQTT 5).
 */
final class MqttConnection {
  private static final Logger LOG = LoggerFactory.getLogger(MqttConnection.class);

  private final MqttEndpoint endpoint;
  private final Context context;
  private final IngestPipeline pipeline;
  private final Subscriptions subscriptions;
  private final ConnectionMetrics metrics;
  private final AtomicInteger activeConnections;
  private final BooleanSupplier accepting;
  private final ClientRegistry clients;
  private final Authenticator authenticator;
  private final ConnectionLimits limits;
  private final AckBatches acks;
  private final PubAckWriter pubAcks;
  private final String clientId;
  private boolean willSuppressed;
  private boolean accepted;
  private boolean closed;
  private boolean disconnecting;
  private PublishGate gate;
  private KeepAliveGuard keepAliveGuard;
  /** The authenticated identity; null with anonymous access (authentication explicitly off). */
  private Credential identity;

  /** {@code acks}: the answers of this event loop's connections ({@code context}'s). */
  MqttConnection(MqttEndpoint endpoint, Context context, EndpointServices services, AckBatches acks) {
    this.endpoint = endpoint;
    this.context = context;
    this.acks = acks;
    this.pubAcks = new PubAckWriter(endpoint);
    this.pipeline = services.pipeline();
    this.subscriptions = services.subscriptions();
    this.metrics = services.metrics();
    this.activeConnections = services.activeConnections();
    this.accepting = services.accepting();
    this.clients = services.clients();
    this.authenticator = services.authenticator();
    this.limits = services.limits();
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
    if (activeConnections.incrementAndGet() > limits.maxConnections()) {
      activeConnections.decrementAndGet();
      LOG.warn("refused a connection: mqtt.max-connections ({}) reached", limits.maxConnections());
      refuse(ConnectRefusal.CONNECTION_LIMIT);
      return;
    }
    endpoint.closeHandler(v -> onClose()); // from here on the slot is given back when the socket closes, however it ends
    if (keepAliveTooLong() && endpoint.protocolVersion() < 5) {
      refuse(ConnectRefusal.KEEP_ALIVE);
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
      if (closed) {
        return; // the client went away while its credentials were checked
      }
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

  private boolean keepAliveTooLong() {
    int asked = endpoint.keepAliveTimeSeconds();
    return asked == 0 || asked > limits.maxKeepAliveSeconds();
  }

  private void accept() {
    accepted = true;
    gate = new PublishGate(limits, System::nanoTime, new PublishGate.Timer() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        return context.owner().setTimer(delayMs, id -> task.run());
      }

      @Override
      public void cancel(long id) {
        context.owner().cancelTimer(id);
      }
    }, metrics::messageThrottled);
    MqttProperties connack = new MqttProperties();
    if (endpoint.protocolVersion() >= 5) {
      connack.add(new IntegerProperty(MqttPropertyType.RECEIVE_MAXIMUM.value(), Math.min(limits.maxInFlight(), 65_535)));
      if (keepAliveTooLong()) {
        connack.add(new IntegerProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value(), limits.maxKeepAliveSeconds()));
        keepAliveGuard = new KeepAliveGuard(context.owner(), limits.maxKeepAliveSeconds(), System::nanoTime,
            () -> serverDisconnect("keep_alive", MqttDisconnectReasonCode.KEEP_ALIVE_TIMEOUT));
        keepAliveGuard.start();
      }
    }
    endpoint.pingHandler(v -> heard());
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.publishReleaseHandler(endpoint::publishComplete);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(u -> {
      heard();
      u.topics().forEach(t -> subscriptions.remove(endpoint, t));
      endpoint.unsubscribeAcknowledge(u.messageId());
    });
    endpoint.disconnectMessageHandler(d -> willSuppressed = d.code() != MqttDisconnectReasonCode.WITH_WILL_MESSAGE);
    endpoint.exceptionHandler(e -> {
      if (e instanceof io.netty.handler.codec.DecoderException || e instanceof IllegalArgumentException) {
        ProtocolErrors.report(e); // a malformed packet after CONNECT; Vert.x closes the connection
      } else {
        LOG.debug("connection error from {}: {}", clientId, e.toString());
      }
    });
    endpoint.accept(false, connack);
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

  private void heard() {
    if (keepAliveGuard != null) {
      keepAliveGuard.heard();
    }
  }

  /** Ends the connection for breaking a limit: MQTT 5 is told why, 3.1.1 is just closed. */
  private void serverDisconnect(String reason, MqttDisconnectReasonCode code) {
    if (disconnecting || !endpoint.isConnected()) {
      return;
    }
    disconnecting = true;
    metrics.serverDisconnect(reason);
    LOG.warn("disconnecting client {}: {}", clientId, reason.replace('_', ' '));
    if (endpoint.protocolVersion() >= 5) {
      endpoint.disconnect(code, MqttProperties.NO_PROPERTIES);
    }
    endpoint.close();
  }

  /**
   * Revoked, or rotated after this connection authenticated (its secret or certificate is the old
   * one): the connection ends now rather than at its next reconnect — a stolen secret must stop
   * working at once. A connection made with the new secret is left alone.
   */
  void credentialChanged(Credential changed) {
    context.runOnContext(v -> {
      if (identity == null || !identity.username().equals(changed.username())) {
        return;
      }
      if (changed.revoked()) {
        serverDisconnect("revoked", MqttDisconnectReasonCode.NOT_AUTHORIZED);
      } else if (changed.createdMs() > identity.createdMs()) {
        serverDisconnect("rotated", MqttDisconnectReasonCode.NOT_AUTHORIZED);
      }
    });
  }

  private void onPublish(MqttPublishMessage message) {
    if (!accepting.getAsBoolean() || disconnecting) {
      return; // shutting down: no PUBACK, the terminal resends to the next instance
    }
    heard();
    if (!gate.admit(() -> process(message))) {
      serverDisconnect("in_flight", MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED);
    }
  }

  private void process(MqttPublishMessage message) {
    long receivedNanos = System.nanoTime();
    int messageId = message.messageId();
    MqttQoS qos = message.qosLevel();
    Topic topic = Topic.parseOrNull(message.topicName());
    if (topic != null && !TopicAcl.mayPublish(identity, clientId, topic)) {
      denyPublish(messageId, qos);
      return;
    }
    IngestOutcome outcome = new Answer(messageId, qos, receivedNanos);
    Buffer payload = message.payload(); // decoded in place; read only during accept
    if (topic != null) {
      pipeline.accept(clientId, topic, payload, outcome);
    } else {
      pipeline.accept(clientId, message.topicName(), payload, outcome); // refused there, with its reason
    }
  }

  /**
   * How one message ended, told on any thread (the journal's writer thread, mostly) and acted on
   * on this connection's event loop, in order, batched with the other answers of that loop.
   */
  private final class Answer implements IngestOutcome, AckBatches.Answer {
    private final int messageId;
    private final MqttQoS qos;
    private final long receivedNanos;
    // Set before the answer is queued; the queue hands them to the event loop.
    private RejectReason refusal;
    private boolean inTopic;
    private Throwable notStored;

    Answer(int messageId, MqttQoS qos, long receivedNanos) {
      this.messageId = messageId;
      this.qos = qos;
      this.receivedNanos = receivedNanos;
    }

    @Override
    public void safe() {
      acks.submit(this);
    }

    @Override
    public void refused(RejectReason reason, boolean inTopic) {
      this.refusal = reason;
      this.inTopic = inTopic;
      acks.submit(this);
    }

    @Override
    public void notStored(Throwable cause) {
      this.notStored = cause;
      acks.submit(this);
    }

    @Override
    public AckBatches.Flushable deliver() {
      if (notStored != null) {
        LOG.warn("could not store a message from {} ({}); closing the connection so it is resent", clientId,
            notStored.toString());
        if (endpoint.isConnected()) {
          endpoint.close();
        }
        return null;
      }
      return answer(messageId, qos, receivedNanos, refusal, inTopic);
    }
  }

  /**
   * Acknowledges, on the event loop, a message that is safe: stored, or ({@code refusal} not null)
   * refused for good. An MQTT 5 client is told the refusal in the PUBACK's reason code; 3.1.1 has
   * only the plain PUBACK. Returns the writer to flush at the end of the batch, or null.
   */
  private AckBatches.Flushable answer(int messageId, MqttQoS qos, long receivedNanos, RejectReason refusal, boolean inTopic) {
    gate.answered();
    if (qos == MqttQoS.AT_MOST_ONCE || !endpoint.isConnected()) {
      return null;
    }
    AckBatches.Flushable written = null;
    if (qos == MqttQoS.AT_LEAST_ONCE) {
      boolean tellWhy = refusal != null && endpoint.protocolVersion() >= 5;
      pubAcks.write(messageId, tellWhy ? RefusalCodes.pubAck(refusal, inTopic) : MqttPubAckReasonCode.SUCCESS,
          tellWhy ? RefusalCodes.properties(refusal, endpoint.connectProperties()) : MqttProperties.NO_PROPERTIES);
      written = pubAcks;
    } else {
      // QoS 2 (outside the contract): a plain PUBREC even for a refusal, because vertx-mqtt 5.0.7's
      // publishReceived drops the reason code it is given; the message is final either way.
      endpoint.publishReceived(messageId);
    }
    metrics.acknowledged(System.nanoTime() - receivedNanos);
    return written;
  }

  /** How this connection's PUBACKs are written (tests look at it). */
  PubAckWriter pubAcks() {
    return pubAcks;
  }

  /**
   * A publish outside this client's own topics. MQTT 5 can say so in the PUBACK (reason code
   * "not authorized") and the connection stays; MQTT 3.1.1 has no negative PUBACK, so the
   * connection is closed (acknowledging would tell the sender it was delivered). Nothing is kept.
   */
  private void denyPublish(int messageId, MqttQoS qos) {
    metrics.aclDenied("publish");
    gate.answered();
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
    heard();
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
    closed = true;
    activeConnections.decrementAndGet();
    if (!accepted) {
      return;
    }
    gate.close();
    if (keepAliveGuard != null) {
      keepAliveGuard.stop();
    }
    clients.closed(clientId, this);
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
