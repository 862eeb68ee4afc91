package io.tillwatch.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.ingest.LogLimiter;
import io.tillwatch.metrics.ShardMetrics;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A terminal past detect.max-sales-per-terminal on a running shard: its events are still applied
 * to nothing, but the shard names it in a WARN line (what is wrong, what to do, the runbook) at
 * most once per terminal per interval, and the engine counts its unchecked events and the
 * terminals refusing new sales for the metrics.
 */
class UncheckedSalesTest {
  private static final int LIMIT = 10;
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(UncheckedSalesLog.class);
  private final AtomicLong nanos = new AtomicLong();
  private Vertx vertx;
  private EngineShards shards;
  private final AtomicLong seq = new AtomicLong();

  @BeforeEach
  void start() {
    logs.start();
    logger.addAppender(logs);
    vertx = Vertx.vertx();
    UncheckedSalesLog log = new UncheckedSalesLog(new LogLimiter(Duration.ofMinutes(1), nanos::get), LIMIT);
    shards = EngineShards.create(2, DetectionSettings.builder().maxSalesPerTerminal(LIMIT).build(), new CollectingSink(),
        Clock.systemUTC(), ShardMetrics.NONE, () -> 0, log);
    shards.deploy(vertx).await();
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    vertx.close().await();
  }

  /** A sale that is started and never closed, as a firmware that forgets to close them sends. */
  private void started(String terminal, String txn) {
    shards.txnCommitted(new TxnEvent("m001", terminal, txn, seq.incrementAndGet(), EventType.STARTED,
        System.currentTimeMillis(), 100, "CNY", PaymentMethod.CARD, null, null, null, null), System.currentTimeMillis());
  }

  private List<ILoggingEvent> lines() {
    synchronized (logs.list) {
      return List.copyOf(logs.list);
    }
  }

  @Test
  void aTerminalOverTheLimitIsNamedOncePerIntervalAndCounted() {
    for (int i = 0; i < LIMIT + 5; i++) {
      started("t-flood", "f" + i); // 5 past the limit
    }
    for (int i = 0; i < LIMIT + 2; i++) {
      started("t-flood2", "g" + i); // 2 past the limit
    }
    for (int i = 0; i < 3; i++) {
      started("t-fine", "h" + i);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> shards.stats().uncheckedEvents() == 7);
    assertEquals(2, shards.stats().terminalsOverLimit());

    List<ILoggingEvent> lines = lines();
    assertEquals(2, lines.size(), lines.toString());
    ILoggingEvent first = lines.stream().filter(l -> l.getFormattedMessage().contains("m001/t-flood ")).findFirst()
        .orElseThrow(() -> new AssertionError("t-flood not named: " + lines));
    assertEquals(Level.WARN, first.getLevel());
    assertEquals("terminal m001/t-flood holds 10 sales and none of them is closed (detect.max-sales-per-terminal): its "
        + "new sales, txn f10 among them, are journaled and acknowledged but NOT checked for findings. It opens sales "
        + "without closing them: a firmware bug, or a flood of new transaction ids. Fix the terminal, or raise "
        + "detect.max-sales-per-terminal if its traffic is real; runbook: TillWatchSalesUnchecked. Further unchecked "
        + "events of this terminal are counted in tillwatch_txn_events_unchecked_total, not logged, for "
        + "log.reject-interval", first.getFormattedMessage());
    assertTrue(lines.stream().anyMatch(l -> l.getFormattedMessage().contains("m001/t-flood2 ")), lines.toString());

    // Within the interval: counted, not logged; after it, named again.
    started("t-flood", "f-more");
    await().atMost(Duration.ofSeconds(10)).until(() -> shards.stats().uncheckedEvents() == 8);
    assertEquals(2, lines().size());
    nanos.addAndGet(Duration.ofSeconds(61).toNanos());
    started("t-flood", "f-later");
    await().atMost(Duration.ofSeconds(10)).until(() -> shards.stats().uncheckedEvents() == 9);
    assertEquals(3, lines().size());
    assertTrue(lines().get(2).getFormattedMessage().contains("m001/t-flood holds 10 sales"), lines().toString());
  }
}
