package io.tillwatch.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/**
 * Administrative commands print their own answer; the store's INFO lines would only bury it (the
 * secret). What is still logged (warnings, such as an unknown TILLWATCH_ variable) goes to standard
 * error: standard output is the answer a script captures (TOKEN=$(tillwatch tokens add ...)).
 */
final class CliLogging {
  private CliLogging() {}

  static void quiet() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    Appender<ILoggingEvent> console = root.getAppender("CONSOLE");
    if (console instanceof ConsoleAppender<ILoggingEvent> c && !"System.err".equals(c.getTarget())) {
      c.stop(); // the target is fixed while it runs
      c.setTarget("System.err");
      c.start();
    }
  }
}
