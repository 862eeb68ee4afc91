package io.tillwatch.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class VertxGaugeWarningFilterTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger micrometer = context.getLogger("io.micrometer.core.instrument.MeterRegistry");
  private final VertxGaugeWarningFilter filter = new VertxGaugeWarningFilter();

  @Test
  void dropsTheWarningAboutVertxConnectionGauges() {
    String vertx = "This Gauge has been already registered (MeterId{name='vertx.net.server.active.connections', tags=[]}), "
        + "the registration will be ignored. Note that subsequent logs will be logged at debug level.";
    assertEquals(FilterReply.DENY, filter.decide(null, micrometer, Level.WARN, vertx, null, null));
    assertEquals(FilterReply.DENY, filter.decide(null, micrometer, Level.DEBUG,
        "This Gauge has been already registered (MeterId{name='vertx.http.server.active.connections', tags=[]}), "
            + "the registration will be ignored.", null, null));
  }

  @Test
  void letsEverythingElsePass() {
    assertEquals(FilterReply.NEUTRAL, filter.decide(null, micrometer, Level.WARN,
        "This Gauge has been already registered (MeterId{name='tillwatch.ready', tags=[]}), the registration will be ignored.",
        null, null));
    assertEquals(FilterReply.NEUTRAL, filter.decide(null, micrometer, Level.WARN, null, null, null)); // isWarnEnabled()
    assertEquals(FilterReply.NEUTRAL, filter.decide(null, context.getLogger("io.tillwatch.app.TillWatchDaemon"), Level.WARN,
        "This Gauge has been already registered (MeterId{name='vertx.net.server.active.connections', tags=[]})", null, null));
  }
}
