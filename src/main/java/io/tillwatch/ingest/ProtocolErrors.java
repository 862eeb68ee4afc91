package io.tillwatch.ingest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Connections broken off for violating the MQTT protocol: counted, and reported to a rate-limited
 * log instead of one ERROR with a stack trace per frame.
 *
 * <p>Design notes. Vert.x hands a connection's decoder errors to the connection's exception handler,
 * but a connection gets one only once its CONNECT has been read; errors before that (garbage, an
 * HTTP request, a PUBLISH before CONNECT, a failed TLS handshake) are logged by Vert.x itself at
 * ERROR. A log-flooding vector, so {@link ProtocolErrorLogFilter} turns those log calls into reports
 * here. Both routes meet in this one process-wide place, hence the static state; the daemon
 * installs its sink (the rate-limited {@link RejectLog}) at start.
 */
public final class ProtocolErrors {
  private static final AtomicLong COUNT = new AtomicLong();
  private static volatile Consumer<Throwable> sink = e -> { };

  private ProtocolErrors() {}

  public static void report(Throwable e) {
    COUNT.incrementAndGet();
    sink.accept(e);
  }

  public static long count() {
    return COUNT.get();
  }

  public static void sendTo(Consumer<Throwable> logSink) {
    sink = logSink;
  }
}
