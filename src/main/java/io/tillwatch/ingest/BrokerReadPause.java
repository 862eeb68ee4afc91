package io.tillwatch.ingest;

import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops and restarts reading one broker connection, so that a broker sending faster than TillWatch
 * stores meets TCP backpressure: it keeps the rest queued in the session, as for any slow subscriber.
 *
 * <p>Design note. A broker's in-flight limit cannot be relied on to bound what it sends: Debian's
 * Mosquitto 2.0.11 with {@code max_inflight_messages 10} sent TillWatch's client ten more PUBLISH
 * packets for each PUBACK (its log, {@code bench/results/broker-inflight-2026-12-02.md}), and MQTT
 * 3.1.1 has no Receive Maximum for a client to announce. Without a pause, the only answer to a full
 * bound was to stop taking messages and reconnect once those held were acknowledged; under a steady
 * backlog that cycle repeated every few seconds, and each cycle dropped what the socket had already
 * read, for the broker to send again.
 *
 * <p>vertx-mqtt 5's {@link MqttClient} has no pause; its socket is a private field of
 * {@code MqttClientImpl}, read by reflection ({@link MqttSocketField}). Pausing it stops Vert.x handing on the messages it has
 * decoded (they wait in its queue, in order) and stops Netty reading once that queue is full, so the
 * socket's buffers fill and the broker stops writing. Should a later vertx-mqtt rename the field,
 * {@link #pause} answers false, the connection falls back to the stop-and-reconnect above, and
 * {@code BrokerShardsTest} fails, so an upgrade does not lose the backpressure unnoticed.
 *
 * <p>The connection's event loop only.
 */
final class BrokerReadPause {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerReadPause.class);
  private static final MqttSocketField SOCKET = new MqttSocketField("io.vertx.mqtt.impl.MqttClientImpl", "connection",
      why -> LOG.warn("vertx-mqtt's client socket cannot be reached ({}): a broker sending faster than TillWatch stores makes it "
          + "reconnect instead of slowing down", why));

  private final MqttClient client;
  private final boolean enabled;
  private boolean paused;

  /** @param enabled false: never pause (the fallback, as when the socket cannot be reached) */
  BrokerReadPause(MqttClient client, boolean enabled) {
    this.client = client;
    this.enabled = enabled;
  }

  /** Stops reading; false when the socket cannot be paused (the caller then stops taking messages instead). */
  boolean pause() {
    if (paused) {
      return true;
    }
    NetSocket socket = enabled ? SOCKET.of(client) : null;
    if (socket == null) {
      return false;
    }
    socket.pause();
    paused = true;
    return true;
  }

  /** Reads again, if paused. */
  void resume() {
    if (!paused) {
      return;
    }
    paused = false;
    NetSocket socket = SOCKET.of(client);
    if (socket != null) {
      socket.resume();
    }
  }

  boolean paused() {
    return paused;
  }
}
