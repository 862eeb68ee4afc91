package io.tillwatch.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Installed in logback.xml: swallows the ERRORs Vert.x logs for a client's protocol violation before
 * its CONNECT — an exception on a connection with no handler yet, or vertx-mqtt's "packet from a not
 * connected client" escaping to the event loop — and reports them to {@link ProtocolErrors}, which
 * counts them and logs a sanitized line at most once per {@code log.reject-interval}. Every other
 * log event passes untouched (an unhandled exception elsewhere is a bug and must stay visible).
 */
public final class ProtocolErrorLogFilter extends TurboFilter {
  static final String VERTX_CONNECTION_LOGGER = "io.vertx.core.net.impl.ConnectionBase";
  static final String VERTX_CONTEXT_LOGGER = "io.vertx.core.impl.ContextImpl";
  static final String MQTT_SERVER_CONNECTION = "io.vertx.mqtt.impl.MqttServerConnection";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != Level.ERROR || logger == null) {
      return FilterReply.NEUTRAL;
    }
    String name = logger.getName();
    boolean unhandledOnConnection = VERTX_CONNECTION_LOGGER.equals(name);
    boolean mqttBeforeConnect = VERTX_CONTEXT_LOGGER.equals(name) && t instanceof IllegalArgumentException
        && t.getStackTrace().length > 0 && MQTT_SERVER_CONNECTION.equals(t.getStackTrace()[0].getClassName());
    if (!unhandledOnConnection && !mqttBeforeConnect) {
      return FilterReply.NEUTRAL;
    }
    ProtocolErrors.report(t != null ? t : new IllegalStateException(String.valueOf(format)));
    return FilterReply.DENY;
  }
}
