package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tillwatch.runtime.UncheckedSalesLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A terminal that opens more sales than {@code detect.max-sales-per-terminal} without closing any,
 * against the running daemon: every event is still acknowledged, and what is not checked shows on
 * {@code /metrics} (the events, the terminal) and in the log, which names the terminal.
 */
class UncheckedSalesEndToEndTest {
  static final int LIMIT = 10; // the smallest the setting takes

  @TempDir
  static Path dir;

  @Test
  void salesPastTheLimitAreAcknowledgedCountedAndTheTerminalNamed() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(UncheckedSalesLog.class);
    logs.start();
    logger.addAppender(logs);
    try (InProcessDaemon tw = new InProcessDaemon(dir, Map.of("detect.max-sales-per-terminal", String.valueOf(LIMIT)));
        TestTerminal flood = new TestTerminal(tw.mqttPort(), "m001", "t-flood");
        TestTerminal fine = new TestTerminal(tw.mqttPort(), "m001", "t-fine")) {
      for (int i = 0; i < LIMIT + 3; i++) {
        flood.event("f" + i, "STARTED", 100); // returns once acknowledged
      }
      for (int i = 0; i < 3; i++) {
        fine.event("g" + i, "STARTED", 100);
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> tw.api.metric("tillwatch_txn_events_unchecked_total") == 3);
      await().atMost(Duration.ofSeconds(15)).until(() -> tw.api.metric("tillwatch_engine_terminals_over_limit") == 1);

      List<String> lines;
      synchronized (logs.list) {
        lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      }
      assertTrue(lines.stream().allMatch(l -> l.startsWith("terminal m001/t-flood holds 10 sales and none of them is closed")),
          lines.toString());
      // log.reject-interval is 0 in these tests: each unchecked event is logged, and only those.
      assertEquals(3, lines.size(), lines.toString());
    } finally {
      logger.detachAppender(logs);
    }
  }
}
