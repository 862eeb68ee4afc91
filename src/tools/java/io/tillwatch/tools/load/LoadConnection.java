package io.tillwatch.tools.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.sim.SaleStream;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Recorder;

/**
 * One load connection: a terminal's sale stream published at QoS 1, pipelined up to a window of
 * unacknowledged publishes, each PUBACK timed against the publish's intended send time.
 *
 * <p>Design notes. The Vert.x client gives a publish its packet id only once the PUBLISH is
 * written, so a PUBACK may in principle come first; it is parked in {@code earlyAcks} until the id
 * is known (as the simulator's outbox does). A connection the server closes (TillWatch closes one
 * whose message it cannot journal) counts its unacknowledged publishes as lost, reconnects after a
 * second and goes on: the run measures what the server took, not what was offered. Not
 * thread-safe: everything runs on the shard's event loop.
 */
final class LoadConnection {
  /** Told when the connection can take another publish. */
  interface Listener {
    void roomFreed(LoadConnection c);

    void up(LoadConnection c);
  }

  private static final long UNMEASURED = Long.MIN_VALUE;
  private static final long RECONNECT_MS = 1_000;
  private static final long FINISH_POLL_MS = 50;
  /** Heartbeat interval the final heartbeat claims; long, so the daemon calls nobody silent during scoring. */
  private static final int HEARTBEAT_INTERVAL_SEC = 600;

  private final Vertx vertx;
  private final LoadOptions opts;
  private final SaleStream stream;
  private final LoadStats stats;
  private final Recorder latencyMicros;
  private final Listener listener;
  private final Map<Integer, Long> intendedById = new HashMap<>();
  private final Map<Integer, Long> earlyAcks = new HashMap<>();
  private MqttClient client;
  private int outstanding;
  /** In its shard's queue of connections with room (the shard's loop only). */
  boolean queued;
  private boolean stopping;
  private boolean heartbeatSent;

  LoadConnection(Vertx vertx, LoadOptions opts, SaleStream stream, LoadStats stats, Recorder latencyMicros, Listener listener) {
    this.vertx = vertx;
    this.opts = opts;
    this.stream = stream;
    this.stats = stats;
    this.latencyMicros = latencyMicros;
    this.listener = listener;
  }

  int window() {
    return opts.window();
  }

  void connect() {
    if (stopping) {
      return;
    }
    MqttClientOptions o = new MqttClientOptions()
        .setClientId(stream.terminal())
        .setCleanSession(true)
        .setKeepAliveInterval(60)
        .setAutoKeepAlive(true)
        .setMaxInflightQueue(opts.window() + 1); // + the final heartbeat
    o.setConnectTimeout(30_000);
    if (!opts.user().equals("none")) {
      o.setUsername(opts.user().equals("terminal") ? stream.terminal() : opts.user());
    }
    if (opts.password() != null) {
      o.setPassword(opts.password().replace("{terminal}", stream.terminal()));
    }
    MqttClient c = MqttClient.create(vertx, o);
    c.publishCompletionHandler(id -> acked(c, id));
    c.closeHandler(v -> closed(c));
    c.connect(opts.fleet().port(), opts.fleet().host()).onComplete(ar -> {
      if (ar.failed()) {
        stats.connectFailures.increment();
        vertx.setTimer(RECONNECT_MS, t -> connect());
        return;
      }
      if (stopping) {
        c.disconnect();
        return;
      }
      client = c;
      stats.connected.incrementAndGet();
      listener.up(this);
    });
  }

  boolean hasRoom() {
    return client != null && !stopping && outstanding < opts.window();
  }

  /** Publishes the stream's next event; the caller checked {@link #hasRoom()}. */
  void send(long intendedNanos) {
    publish(stream.txnTopic(), PayloadPadding.pad(stream.next(System.currentTimeMillis()), opts.payloadBytes()), intendedNanos);
  }

  /**
   * Finishes the sale in progress (so no sale is left open by the stop), sends a heartbeat carrying
   * the last seq (so a trailing lost event is a gap), waits for the acknowledgements and disconnects;
   * gives up waiting at {@code deadlineMs}.
   */
  Future<Void> finish(long deadlineMs) {
    Promise<Void> done = Promise.promise();
    finishStep(done, deadlineMs);
    return done.future();
  }

  private void finishStep(Promise<Void> done, long deadlineMs) {
    MqttClient c = client;
    if (c != null) {
      while (stream.midSale() && outstanding < opts.window()) {
        send(System.nanoTime());
      }
      if (!stream.midSale() && !heartbeatSent) {
        heartbeatSent = true;
        publish(stream.heartbeatTopic(), stream.heartbeat(System.currentTimeMillis(), HEARTBEAT_INTERVAL_SEC), UNMEASURED);
      }
    }
    boolean drained = heartbeatSent && outstanding == 0;
    if (drained || c == null || System.currentTimeMillis() >= deadlineMs) {
      stopping = true;
      if (c != null && c.isConnected()) {
        c.disconnect().onComplete(ar -> done.tryComplete());
      } else {
        done.tryComplete();
      }
      return;
    }
    vertx.setTimer(FINISH_POLL_MS, t -> finishStep(done, deadlineMs));
  }

  private void publish(String topic, String json, long intendedNanos) {
    MqttClient c = client;
    Buffer payload = Buffer.buffer(json);
    outstanding++;
    if (intendedNanos != UNMEASURED) {
      stats.sent.increment();
      stats.payloadBytes.add(payload.length());
    }
    c.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false).onComplete(ar -> {
      if (c != client) {
        return; // closed meanwhile: closed() counted it
      }
      if (ar.failed()) {
        outstanding--;
        stats.publishFailures.increment();
        return;
      }
      Long ackedAt = earlyAcks.remove(ar.result());
      if (ackedAt != null) {
        completed(intendedNanos, ackedAt);
      } else {
        intendedById.put(ar.result(), intendedNanos);
      }
    });
  }

  private void acked(MqttClient c, int id) {
    if (c != client) {
      return;
    }
    long now = System.nanoTime();
    Long intended = intendedById.remove(id);
    if (intended == null) {
      earlyAcks.put(id, now);
    } else {
      completed(intended, now);
    }
  }

  private void completed(long intendedNanos, long ackedNanos) {
    outstanding--;
    if (intendedNanos != UNMEASURED) {
      stats.acked.increment();
      latencyMicros.recordValue(Math.max(0, (ackedNanos - intendedNanos) / 1_000));
    }
    listener.roomFreed(this);
  }

  private void closed(MqttClient c) {
    if (c != client) {
      return;
    }
    client = null;
    stats.connected.decrementAndGet();
    stats.lostInFlight.add(outstanding);
    outstanding = 0;
    intendedById.clear();
    earlyAcks.clear();
    if (!stopping) {
      stats.disconnects.increment();
      vertx.setTimer(RECONNECT_MS, t -> connect());
    }
  }
}
