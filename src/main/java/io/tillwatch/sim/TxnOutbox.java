package io.tillwatch.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A terminal's QoS 1 transaction events on their way to the server: at-least-once, in seq order.
 *
 * <p>Design notes. Events wait in {@code unsent} (ordered by seq) until there is a connection, then
 * are pipelined: each is published without waiting for the previous PUBACK, and kept in
 * {@code inflight} by packet id until its PUBACK arrives. The Vert.x client completes the publish
 * future only once the PUBLISH is written, so in principle a PUBACK may be seen before its packet
 * id is known here; such acks are parked in {@code earlyAcks} and applied when the id arrives.
 * When the connection ends, everything unacknowledged goes back to {@code unsent} and is published
 * again (DUP) on the next connection, as a real terminal's store-and-forward does: the contract
 * allows duplicates, while losing an event would be a telemetry gap nobody injected.
 *
 * <p>Not thread-safe: used only on its terminal's event loop.
 */
final class TxnOutbox {
  private static final long RETRY_MS = 200;
  /**
   * Most publishes outstanding (written or in flight, not yet acknowledged) on one connection. Kept
   * under the client's max in-flight queue, so an overloaded server slows the terminal down (as a
   * real terminal's window does) instead of the client refusing publishes.
   */
  static final int WINDOW = 100;

  private record Msg(long seq, String topic, Buffer payload, boolean dup, long sentNanos) {
    Msg sent(long nanos) {
      return new Msg(seq, topic, payload, dup, nanos);
    }

    Msg resend() {
      return new Msg(seq, topic, payload, true, 0);
    }
  }

  private final Vertx vertx;
  private final SimStats stats;
  private final TreeMap<Long, Msg> unsent = new TreeMap<>();
  private final Map<Integer, Msg> inflight = new HashMap<>();
  private final Set<Integer> earlyAcks = new HashSet<>();
  private MqttClient client;
  private boolean retryScheduled;
  private int outstanding;

  TxnOutbox(Vertx vertx, SimStats stats) {
    this.vertx = vertx;
    this.stats = stats;
  }

  /** A connection is up: take its PUBACKs and send what waits. */
  void attach(MqttClient c) {
    client = c;
    c.publishCompletionHandler(id -> onAck(c, id));
    drain();
  }

  /** The connection is gone: whatever was not acknowledged waits for the next one. */
  void detach() {
    client = null;
    for (Msg m : inflight.values()) {
      unsent.put(m.seq(), m.resend());
    }
    inflight.clear();
    earlyAcks.clear();
    outstanding = 0;
  }

  void offer(long seq, String topic, String json) {
    unsent.put(seq, new Msg(seq, topic, Buffer.buffer(json), false, 0));
    drain();
  }

  /** Events not yet acknowledged (waiting or in flight). */
  int pending() {
    return unsent.size() + inflight.size();
  }

  private void drain() {
    while (client != null && !unsent.isEmpty() && outstanding < WINDOW) {
      Msg m = unsent.pollFirstEntry().getValue();
      send(client, m);
    }
  }

  private void send(MqttClient c, Msg m) {
    Msg sent = m.sent(System.nanoTime());
    outstanding++;
    stats.txnPublished.increment();
    if (m.dup()) {
      stats.txnRedelivered.increment();
    }
    c.publish(sent.topic(), sent.payload(), MqttQoS.AT_LEAST_ONCE, sent.dup(), false).onComplete(ar -> {
      if (c != client) {
        // The connection ended meanwhile: detach() could not see this one, so it waits again.
        unsent.put(sent.seq(), sent.resend());
        return;
      }
      if (ar.succeeded()) {
        int id = ar.result();
        if (earlyAcks.remove(id)) {
          acked(sent);
        } else {
          inflight.put(id, sent);
        }
      } else {
        outstanding--;
        unsent.put(sent.seq(), sent.resend());
        scheduleRetry();
      }
    });
  }

  private void onAck(MqttClient c, int id) {
    if (c != client) {
      return;
    }
    Msg m = inflight.remove(id);
    if (m == null) {
      earlyAcks.add(id);
    } else {
      acked(m);
    }
  }

  private void acked(Msg m) {
    stats.txnAcked.increment();
    stats.latency.record(System.nanoTime() - m.sentNanos());
    outstanding--;
    drain();
  }

  private void scheduleRetry() {
    if (retryScheduled) {
      return;
    }
    retryScheduled = true;
    vertx.setTimer(RETRY_MS, t -> {
      retryScheduled = false;
      drain();
    });
  }
}
