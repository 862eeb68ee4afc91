package io.tillwatch.ingest;

import io.vertx.core.Vertx;
import java.util.function.LongSupplier;

/**
 * Closes a connection that has sent nothing for 1.5 times the keep-alive the server imposed.
 *
 * <p>Vert.x already closes a connection idle for 1.5 times the keep-alive the <em>client</em>
 * asked for. When an MQTT 5 client asks for none (0) or for more than {@code mqtt.max-keep-alive},
 * TillWatch answers with a shorter Server Keep Alive in the CONNACK, and this guard enforces it, so a
 * dead terminal behind a NAT that silently dropped its mapping does not hold a connection slot
 * (and a "connected" status) forever. MQTT 3.1.1 has no way to impose a keep-alive; those clients
 * are refused instead (as Mosquitto does).
 */
final class KeepAliveGuard {
  private final Vertx vertx;
  private final long timeoutNanos;
  private final LongSupplier nanos;
  private final Runnable onExpired;
  private long lastHeardNanos;
  private long timerId = -1;

  KeepAliveGuard(Vertx vertx, int keepAliveSeconds, LongSupplier nanos, Runnable onExpired) {
    this.vertx = vertx;
    this.timeoutNanos = keepAliveSeconds * 1_500_000_000L;
    this.nanos = nanos;
    this.onExpired = onExpired;
    this.lastHeardNanos = nanos.getAsLong();
  }

  /** Starts checking; call on the connection's event loop so the checks run there too. */
  void start() {
    long periodMs = Math.max(100, timeoutNanos / 4_000_000L);
    timerId = vertx.setPeriodic(periodMs, id -> {
      if (nanos.getAsLong() - lastHeardNanos > timeoutNanos) {
        stop();
        onExpired.run();
      }
    });
  }

  /** The client sent a packet. */
  void heard() {
    lastHeardNanos = nanos.getAsLong();
  }

  void stop() {
    if (timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }
}
