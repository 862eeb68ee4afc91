package io.tillwatch.app.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Administrative commands print their own answer; the store's INFO lines would only bury it (the secret). */
final class CliLogging {
  private CliLogging() {}

  static void quiet() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
  }
}
