package io.tillwatch.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Installed in logback.xml: drops Micrometer's "This Gauge has been already registered" warning
 * about Vert.x's own meters, which every daemon logged as soon as a second client connected.
 *
 * <p>The cause: Vert.x Micrometer Metrics registers a listener's connection gauge (for example
 * {@code vertx.net.server.active.connections}) again for each new connection, and Micrometer warns
 * at the second registration of a gauge with the same name and tags. The gauge itself is right (all
 * registrations share one counter), as Vert.x documents for this known issue
 * (vert-x3/vertx-micrometer-metrics#259), so the warning only alarms an operator. Only that message
 * about meters named {@code vertx.*} is dropped, at any level: the same message about any other
 * meter passes. Micrometer warns once per process and at DEBUG after that, and Vert.x's
 * registrations use up the warning; logback.xml therefore lets that logger's DEBUG lines through
 * (it logs nothing else), so a gauge of TillWatch's own registered twice, a bug, always shows.
 */
public final class VertxGaugeWarningFilter extends TurboFilter {
  static final String MICROMETER_REGISTRY_LOGGER = "io.micrometer.core.instrument.MeterRegistry";
  static final String VERTX_GAUGE_AGAIN = "This Gauge has been already registered (MeterId{name='vertx.";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || format == null || !MICROMETER_REGISTRY_LOGGER.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    return format.startsWith(VERTX_GAUGE_AGAIN) ? FilterReply.DENY : FilterReply.NEUTRAL;
  }
}
