package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.metrics.ConnectionMetrics;
import io.tillwatch.metrics.IngestMetrics;
import io.tillwatch.telemetry.Topic;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broker mode: TillWatch as a subscriber of an external MQTT broker (Mosquitto, EMQX, HiveMQ,
 * VerneMQ) to which the terminals connect.
 *
 * <p>Design notes. The session is persistent (clean session off, a fixed client id) and
 * acknowledgement is manual: a message is acked to the broker only once the pipeline says it is
 * safe (journaled, or refused for good). Whatever was not acked when the connection or TillWatch
 * died is redelivered by the broker on the next connection, and the engine ignores what it already
 * has (same terminal and seq), so nothing acknowledged is lost and nothing is counted twice. A
 * message that cannot be stored drops the connection, so the broker redelivers it. Reconnects back
 * off exponentially with full jitter, capped; each attempt uses a fresh client so no state of a
 * dead connection (in-flight counters, packet ids) leaks into the next. Readiness is false while
 * disconnected. With a partition set, messages of terminals this instance does not own are acked
 * and dropped: every instance subscribes to everything and keeps its slice, so each terminal has
 * exactly one writer without any coordination between instances.
 *
 * <p>One connection, every core. The connection's loop only reads the topic and hands the message
 * to the loop that owns its terminal ({@link TerminalLoops}: the engine shard, by the shards' own
 * hash; {@link TerminalHandoff} gathers each turn's messages per loop), where it is decoded and
 * journaled; the commit makes it safe there. A terminal's messages thus stay in arrival order (one
 * connection, one loop, both in order) while different terminals are decoded and journaled on all
 * the shards at once. The acknowledgements come back to the connection's loop and leave in arrival
 * order ({@link BrokerAcks}), still each after its own commit. A message whose topic cannot be
 * parsed has no terminal: it is refused on the connection's loop, as are the other instances'
 * terminals (acknowledged, in their turn).
 *
 * <p>A bound on what the broker may push. A broker sends its backlog as fast as the connection's
 * loop reads, which, with the work handed off, is faster than the journal stores; its in-flight
 * limit, where it has one, is not to be relied on ({@link BrokerReadPause}). So a connection holds
 * at most {@link BrokerSettings#maxUnacknowledged} messages received and not yet acknowledged (the
 * journal's queue capacity: the backlog the journal would have held). Reaching it, the connection
 * stops reading until half of them are acknowledged: TCP backpressure, the rest waits in the
 * broker's session. Messages Vert.x had already decoded from the last read still come, and are
 * taken. Should the socket not be reachable to pause, one message past the bound is what a full
 * journal is, an overload: counted and logged, and the connection takes nothing more (not
 * acknowledged, not kept: the broker redelivers it after the reconnect). It is closed once the
 * messages it holds are acknowledged, not at once as after a failed write: a broker that sends the
 * whole backlog in one burst would otherwise see every connection dropped before any commit and
 * redeliver the same messages forever; this way each connection moves the backlog on by the bound.
 */
public final class BrokerIngestVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerIngestVerticle.class);

  private final BrokerSettings settings;
  private final IngestPipeline pipeline;
  private final ConnectionMetrics metrics;
  private final IngestMetrics ingestMetrics;
  private final BooleanSupplier accepting;
  private final TerminalLoops loops;
  private volatile MqttClient client;
  private volatile BrokerAcks acks; // the current connection's
  private volatile BrokerCommandChannel commands;
  private volatile boolean connected;
  private MqttClient overloaded; // the connection taking no more for holding too much; the verticle's loop only
  private boolean stopping;
  private int failedAttempts;
  private boolean readPause = true;

  /** Decodes and journals on its own loop (no engine shards to hand terminals to: a gateway). */
  public BrokerIngestVerticle(BrokerSettings settings, IngestPipeline pipeline, ConnectionMetrics metrics, BooleanSupplier accepting) {
    this(settings, pipeline, metrics, IngestMetrics.NONE, accepting, TerminalLoops.CALLER);
  }

  /**
   * @param ingestMetrics counts each message past the bound of unacknowledged ones as overload
   * @param loops where a terminal's messages are decoded and journaled (deployed before this verticle)
   */
  public BrokerIngestVerticle(BrokerSettings settings, IngestPipeline pipeline, ConnectionMetrics metrics, IngestMetrics ingestMetrics,
      BooleanSupplier accepting, TerminalLoops loops) {
    this.settings = settings;
    this.pipeline = pipeline;
    this.metrics = metrics;
    this.ingestMetrics = ingestMetrics;
    this.accepting = accepting;
    this.loops = loops;
  }

  public boolean connected() {
    return connected;
  }

  /**
   * How long the oldest message of the current connection not acknowledged yet has waited (0: none),
   * from any thread. It may wait on its terminal's loop before it is even journaled, where the
   * journal's own uncommitted age does not see it: the engine shards hold their clocks back by this
   * too, so no deadline fires while the event that meets it is inside TillWatch.
   */
  public long unacknowledgedAgeMs() {
    BrokerAcks a = acks;
    return a == null ? 0 : a.oldestWaitingMs();
  }

  /** Terminal commands go out through this verticle's connection (call before deploying it). */
  public BrokerIngestVerticle withCommands(BrokerCommandChannel channel) {
    this.commands = channel;
    channel.attach(this);
    return this;
  }

  /** Never pause reading: past the bound, stop taking messages and reconnect (the fallback, for its test). */
  BrokerIngestVerticle withoutReadPause() {
    readPause = false;
    return this;
  }

  MqttClient client() {
    return client;
  }

  void runOnContext(Runnable task) {
    context.runOnContext(v -> task.run());
  }

  @Override
  public Future<?> start() {
    connect();
    return Future.succeededFuture(); // readiness reports the connection; start-up does not wait for the broker
  }

  private void connect() {
    if (stopping) {
      return;
    }
    MqttClient c = MqttClient.create(vertx, clientOptions());
    client = c;
    overloaded = null;
    Executor ownLoop = task -> context.runOnContext(v -> task.run());
    BrokerAcks connectionAcks = new BrokerAcks(ownLoop, System::nanoTime); // this connection's only
    acks = connectionAcks;
    TerminalHandoff handoff = new TerminalHandoff(loops, ownLoop);
    BrokerReadPause reads = new BrokerReadPause(c, readPause);
    c.publishHandler(m -> onMessage(c, connectionAcks, reads, handoff, m));
    c.publishCompletionHandler(packetId -> {
      BrokerCommandChannel channel = commands;
      if (channel != null) {
        channel.completed(c, packetId);
      }
    });
    c.closeHandler(v -> onClosed(c));
    c.exceptionHandler(e -> LOG.debug("broker connection error: {}", e.toString()));
    c.connect(settings.port(), settings.host())
        .compose(ack -> {
          Map<String, Integer> filters = new LinkedHashMap<>();
          for (String f : settings.topicFilters()) {
            filters.put(f, MqttQoS.AT_LEAST_ONCE.value());
          }
          return c.subscribe(filters);
        })
        .onSuccess(id -> {
          connected = true;
          failedAttempts = 0;
          metrics.brokerConnected(true);
          LOG.info("connected to broker {}:{} as {} (persistent session), subscribed to {}", settings.host(), settings.port(),
              settings.clientId(), String.join(", ", settings.topicFilters()));
        })
        .onFailure(e -> {
          LOG.warn("cannot connect to broker {}:{}: {}", settings.host(), settings.port(), e.getMessage());
          if (c.isConnected()) {
            c.disconnect();
          } else {
            scheduleReconnect();
          }
        });
  }

  private void onClosed(MqttClient c) {
    if (c != client) {
      return;
    }
    if (connected) {
      LOG.warn("lost the broker connection; unacknowledged messages will be redelivered after reconnecting");
    }
    connected = false;
    metrics.brokerConnected(false);
    scheduleReconnect();
  }

  private void scheduleReconnect() {
    if (stopping) {
      return;
    }
    metrics.brokerReconnect();
    long min = settings.reconnectMin().toMillis();
    long cap = settings.reconnectMax().toMillis();
    long ceiling = Math.min(cap, min << Math.min(failedAttempts, 20));
    failedAttempts++;
    long delay = Math.max(min, ThreadLocalRandom.current().nextLong(ceiling + 1)); // full jitter
    vertx.setTimer(delay, id -> connect());
  }

  private void onMessage(MqttClient c, BrokerAcks connectionAcks, BrokerReadPause reads, TerminalHandoff handoff,
      MqttPublishMessage m) {
    if (!accepting.getAsBoolean()) {
      return; // stopping: not acked, the broker redelivers to whoever holds the session next
    }
    // Reading stops at the bound; a message Vert.x had already decoded may still come, and is taken.
    if (c == overloaded || connectionAcks.waiting() >= settings.maxUnacknowledged() && !reads.paused()) {
      overloaded(c, connectionAcks);
      return; // not acked, not kept: the broker redelivers it after the reconnect
    }
    long receivedNanos = System.nanoTime();
    Topic topic = Topic.parseOrNull(m.topicName());
    boolean ours = topic == null || settings.owns(topic.merchant(), topic.terminal());
    BrokerAcks.Slot slot = connectionAcks.arrived(() -> {
      if (c == client && c.isConnected()) {
        m.ack();
        if (ours) {
          metrics.acknowledged(System.nanoTime() - receivedNanos);
        }
      }
    });
    if (connectionAcks.waiting() >= settings.maxUnacknowledged() && reads.pause()) {
      // Backpressure: read again once half of what is held is acknowledged.
      connectionAcks.whenAtMost(settings.maxUnacknowledged() / 2, reads::resume);
    }
    if (!ours) {
      slot.release(); // another instance's terminal: it receives its own copy
      return;
    }
    IngestOutcome outcome = new IngestOutcome() {
      @Override
      public void safe() {
        slot.release();
      }

      @Override
      public void notStored(Throwable cause) {
        context.runOnContext(v -> {
          if (c == client && c.isConnected()) {
            LOG.warn("could not store a message ({}); reconnecting so the broker redelivers it", cause.toString());
            c.disconnect();
          }
        });
      }
    };
    if (topic == null) {
      pipeline.accept(null, m.topicName(), m.payload(), outcome); // refused there, with its reason
      return;
    }
    // The payload is vertx-mqtt's own heap copy, no longer tied to the connection: decoded in place on the
    // terminal's loop, like the embedded endpoint's.
    handoff.submit(topic.merchant(), topic.terminal(), () -> pipeline.accept(null, topic, m.payload(), outcome));
  }

  /**
   * A message past the bound on a connection that cannot pause: an overload, like a full journal.
   * The first makes the connection take no more and close once what it holds is acknowledged.
   */
  private void overloaded(MqttClient c, BrokerAcks connectionAcks) {
    ingestMetrics.ingestOverload();
    if (c == overloaded) {
      return;
    }
    overloaded = c;
    LOG.warn("the broker delivers faster than TillWatch stores: {} messages received and not yet acknowledged "
        + "(journal.queue-capacity), and its socket cannot be paused (is vertx-mqtt the version TillWatch was built "
        + "against?); reconnecting once they are, the broker redelivers the later ones then. Limiting the broker's "
        + "in-flight messages towards client id {} to at most journal.queue-capacity may help", connectionAcks.waiting(),
        settings.clientId());
    connectionAcks.whenAllAcknowledged(() -> {
      if (c == client && c.isConnected()) {
        c.disconnect();
      }
    });
  }

  /** Publishes TillWatch's own messages (task changes) through the broker; live only while connected. */
  public void publish(String topic, Buffer payload) {
    context.runOnContext(v -> {
      MqttClient c = client;
      if (c != null && connected) {
        c.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false);
      }
    });
  }

  private MqttClientOptions clientOptions() {
    MqttClientOptions o = new MqttClientOptions()
        .setClientId(settings.clientId())
        .setCleanSession(false)
        .setKeepAliveInterval(30)
        .setMaxInflightQueue(10_000)
        .setAutoKeepAlive(true);
    o.setAutoAck(false);
    o.setMaxMessageSize(-1);
    if (!settings.username().isEmpty()) {
      o.setUsername(settings.username());
      o.setPassword(settings.password());
    }
    if (settings.tls()) {
      o.setSsl(true);
      if (!settings.caFile().isEmpty()) {
        o.setTrustOptions(new PemTrustOptions().addCertPath(settings.caFile()));
      }
      settings.clientCertificate().applyTo(o);
    }
    return o;
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    connected = false;
    MqttClient c = client;
    return c != null && c.isConnected() ? c.disconnect() : Future.succeededFuture();
  }
}
