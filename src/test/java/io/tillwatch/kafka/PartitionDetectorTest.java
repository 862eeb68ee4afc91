package io.tillwatch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tillwatch.e2e.Payloads;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.ingest.LogLimiter;
import io.tillwatch.metrics.ClusterMetrics;
import io.tillwatch.runtime.UncheckedSalesLog;
import io.tillwatch.tasks.InMemoryTaskRepository;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * One partition's detector, record by record, with the time in the records: deadlines fire on
 * ticks only, an event ahead of a tick in the partition is applied before it, and a detector
 * rebuilt from another's stores (a failover) raises what the first would have, nothing twice.
 */
class PartitionDetectorTest {
  private static final DetectionSettings FAST = DetectionSettings.builder().printTimeout(Duration.ofSeconds(10))
      .outcomeTimeout(Duration.ofSeconds(20)).build();

  @TempDir
  java.io.File stateDir;

  private final InMemoryTaskRepository repository = new InMemoryTaskRepository();
  private final TestClock clock = new TestClock(1_000_000);
  private final RecordingJournal journal = new RecordingJournal();
  private final TaskService tasks = new TaskService(repository, (m, t, txn) -> List.of(), new TaskIndex(), clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DetectorRuntime runtime = new DetectorRuntime(FAST, tasks, journal, new ClusterMetrics(registry), Duration.ofHours(2),
      Duration.ofSeconds(34), 16_384, 4, clock, new UncheckedSalesLog(new LogLimiter(Duration.ofMinutes(1), Ticker.systemTicker()),
      FAST.maxSalesPerTerminal()));
  private final KeyValueStore<byte[], byte[]> terminals = store(PartitionDetector.TERMINALS);
  private final KeyValueStore<byte[], byte[]> saleEvents = store(PartitionDetector.SALE_EVENTS);
  private long offset;

  private KeyValueStore<byte[], byte[]> store(String name) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.ByteArray(), Serdes.ByteArray())
        .withLoggingDisabled().build();
  }

  /** A detector of partition 0 on the shared stores, as Kafka Streams would start one after restoring them. */
  private PartitionDetector start(MockProcessorContext<Void, Void> context) {
    PartitionDetector d = new PartitionDetector(runtime);
    d.init(context);
    return d;
  }

  private MockProcessorContext<Void, Void> context(boolean initStores) {
    MockProcessorContext<Void, Void> context = new MockProcessorContext<>(new Properties(), new TaskId(0, 0), stateDir);
    if (initStores) {
      terminals.init(context.getStateStoreContext(), terminals);
      saleEvents.init(context.getStateStoreContext(), saleEvents);
    }
    context.addStateStore(terminals);
    context.addStateStore(saleEvents);
    return context;
  }

  private void event(PartitionDetector d, MockProcessorContext<Void, Void> context, String terminal, String txn, long seq,
      String event, long receivedAtMs) {
    String topic = "pos/v1/m001/" + terminal + "/txn";
    context.setRecordMetadata("events", 0, offset++);
    var headers = new RecordHeaders().add(BridgeRecords.TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
    d.process(new Record<>(EventRecords.key("m001", terminal), Payloads.txn(txn, seq, event, 12_850)
        .getBytes(StandardCharsets.UTF_8), receivedAtMs, headers));
  }

  private void tick(PartitionDetector d, MockProcessorContext<Void, Void> context, long atMs) {
    context.setRecordMetadata("events", 0, offset++);
    d.process(new Record<>(null, new byte[0], atMs, EventRecords.tick("events", 0, atMs, "detector-1", false).headers()));
  }

  private void gatewayTick(PartitionDetector d, MockProcessorContext<Void, Void> context, String gateway, long atMs) {
    context.setRecordMetadata("events", 0, offset++);
    d.process(new Record<>(null, new byte[0], atMs, EventRecords.tick("events", 0, atMs, gateway, true).headers()));
  }

  private List<String> raised() {
    return repository.unresolved().stream().sorted(Comparator.comparing(Task::dedupeKey)).map(t -> t.kind() + " " + t.dedupeKey())
        .toList();
  }

  @Test
  void aDeadlineFiresOnTheFirstTickPastItAndNeverBetweenTicks() {
    var context = context(true);
    PartitionDetector d = start(context);
    long t0 = 2_000_000;
    event(d, context, "t1", "s1", 1, "STARTED", t0);
    event(d, context, "t1", "s1", 2, "AUTHORIZED", t0 + 100);
    tick(d, context, t0 + 100 + 9_999);
    assertEquals(List.of(), raised(), "not yet due");
    clock.set(t0 + 60_000); // wall time means nothing to the partition: only ticks move its clock
    assertEquals(List.of(), raised());
    tick(d, context, t0 + 100 + 10_100); // the engine's deadline wheel has 100 ms slots
    assertEquals(1, raised().size());
    assertTrue(raised().get(0).startsWith("UNPRINTED_RECEIPT"), raised().toString());
  }

  @Test
  void anEventAheadOfATickInThePartitionMeetsItsDeadlineHoweverLateItIsProcessed() {
    var context = context(true);
    PartitionDetector d = start(context);
    long t0 = 2_000_000;
    // A detector working through a backlog: all of these are processed in one go, long after they arrived.
    clock.set(t0 + 3_600_000);
    event(d, context, "t1", "s1", 1, "STARTED", t0);
    event(d, context, "t1", "s1", 2, "AUTHORIZED", t0 + 100);
    event(d, context, "t1", "s1", 3, "PRINTED", t0 + 9_000);
    event(d, context, "t2", "s2", 1, "STARTED", t0 + 200);   // the control: never printed
    event(d, context, "t2", "s2", 2, "AUTHORIZED", t0 + 300);
    tick(d, context, t0 + 30_000);
    assertEquals(1, raised().size(), raised().toString());
    assertTrue(raised().get(0).contains("s2"), "only the sale without a receipt: " + raised());
  }

  @Test
  void aMessageAGatewayStillWaitsOnKafkaForHoldsTheDeadlinesUntilItLands() {
    var context = context(true);
    PartitionDetector d = start(context);
    long t0 = 2_000_000;
    gatewayTick(d, context, "g1", t0 - 1);
    event(d, context, "t1", "s1", 1, "STARTED", t0);
    event(d, context, "t1", "s1", 2, "AUTHORIZED", t0 + 100);
    event(d, context, "t2", "s2", 1, "STARTED", t0 + 200);   // the control: never printed
    event(d, context, "t2", "s2", 2, "AUTHORIZED", t0 + 300);
    // s1's receipt, received at t0 + 2 s, is retried through a leader election: g1's watermark stays below it while
    // the detectors' ticks go on for 30 s, well past the print deadline.
    for (long s = 1; s <= 30; s++) {
      tick(d, context, t0 + s * 1_000);
      gatewayTick(d, context, "g1", t0 + 1_999);
    }
    assertEquals(List.of(), raised(), "nothing is due while a message received before the deadlines is on its way");
    event(d, context, "t1", "s1", 3, "PRINTED", t0 + 2_000);
    gatewayTick(d, context, "g1", t0 + 30_000);
    assertEquals(1, raised().size(), raised().toString());
    assertTrue(raised().get(0).contains("s2"), "only the sale without a receipt: " + raised());
  }

  @Test
  void aDetectorRebuiltFromTheStoresRaisesWhatTheFirstWouldHaveAndNothingTwice() {
    var first = context(true);
    PartitionDetector a = start(first);
    long t0 = 2_000_000;
    event(a, first, "t1", "s1", 1, "STARTED", t0);
    event(a, first, "t1", "s1", 2, "AUTHORIZED", t0 + 100);   // will be unprinted
    event(a, first, "t2", "s2", 1, "STARTED", t0 + 200);      // will be unconfirmed
    event(a, first, "t3", "s3", 1, "STARTED", t0 + 300);
    event(a, first, "t3", "s3", 2, "AUTHORIZED", t0 + 400);
    tick(a, first, t0 + 10_200);                               // s1 due and raised before the "crash"
    assertEquals(1, raised().size());
    a.close();

    // Another detector takes the partition over with the stores as committed.
    var second = context(false);
    PartitionDetector b = start(second);
    event(b, second, "t3", "s3", 3, "PRINTED", t0 + 9_000);   // s3 closes in time, on the new owner
    tick(b, second, t0 + 30_000);
    List<String> kinds = raised().stream().map(s -> s.split(" ")[0]).sorted().toList();
    assertEquals(List.of("UNCONFIRMED_SALE", "UNPRINTED_RECEIPT"), kinds, raised().toString());
    assertEquals(2, repository.inserts(), "the finding raised before the takeover is not stored again");
    assertEquals(6, journal.appended.size(), "every transaction event is journaled in the shared store, once");
  }

  /**
   * The detector's engine, like a shard's, does not track a sale of a terminal that holds
   * detect.max-sales-per-terminal sales, none closed: the event is kept and journaled, the terminal
   * is named in the log once per interval, and its unchecked events stay counted after the
   * partition leaves (a counter must not go down when a partition moves).
   */
  @Test
  void aTerminalOverTheSalesLimitIsNamedAndItsUncheckedEventsStayCountedWhenThePartitionLeaves() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(UncheckedSalesLog.class);
    logs.start();
    logger.addAppender(logs);
    try {
      DetectorRuntime small = new DetectorRuntime(FAST.toBuilder().maxSalesPerTerminal(10).build(), tasks, journal,
          new ClusterMetrics(registry), Duration.ofHours(2), Duration.ofSeconds(34), 16_384, 4, clock,
          new UncheckedSalesLog(new LogLimiter(Duration.ofMinutes(1), Ticker.systemTicker()), 10));
      var context = context(true);
      PartitionDetector d = new PartitionDetector(small);
      d.init(context);
      long t0 = 2_000_000;
      for (int i = 0; i < 13; i++) {
        event(d, context, "t1", "s" + i, i + 1, "STARTED", t0 + i);
      }
      assertEquals(13, journal.appended.size(), "journaled all the same");
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).startsWith("terminal m001/t1 holds 10 sales and none of them is closed"), lines.get(0));
      context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(t0)); // the stats snapshot, among others
      assertEquals(3, small.stats().uncheckedEvents());
      assertEquals(1, small.stats().terminalsOverLimit());
      d.close();
      assertEquals(3, small.stats().uncheckedEvents(), "still counted after the partition left");
      assertEquals(0, small.stats().terminalsOverLimit(), "the terminal is the new owner's now");
    } finally {
      logger.detachAppender(logs);
    }
  }

  @Test
  void aTerminalRowIsSavedWhenItSaysSomethingNewNotOnEveryHeartbeat() {
    var context = context(true);
    PartitionDetector d = start(context);
    String topic = "pos/v1/m001/t1/heartbeat";
    var headers = new RecordHeaders().add(BridgeRecords.TOPIC_HEADER, topic.getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 5; i++) {
      context.setRecordMetadata("events", 0, offset++);
      d.process(new Record<>(EventRecords.key("m001", "t1"), Payloads.heartbeat(30, 0, 0).getBytes(StandardCharsets.UTF_8),
          2_000_000 + i * 30_000L, headers));
    }
    assertEquals(1, journal.savedTerminals.size(), "four heartbeats that change nothing but the time");
    context.setRecordMetadata("events", 0, offset++);
    d.process(new Record<>(EventRecords.key("m001", "t1"), Payloads.heartbeat(30, 0, 3).getBytes(StandardCharsets.UTF_8),
        2_200_000, headers));
    assertEquals(2, journal.savedTerminals.size(), "an upload backlog is news");
  }

  private void heartbeat(PartitionDetector d, MockProcessorContext<Void, Void> context, long receivedAtMs) {
    context.setRecordMetadata("events", 0, offset++);
    var headers = new RecordHeaders().add(BridgeRecords.TOPIC_HEADER, "pos/v1/m001/t1/heartbeat".getBytes(StandardCharsets.UTF_8));
    d.process(new Record<>(EventRecords.key("m001", "t1"), Payloads.heartbeat(30, 0, 0).getBytes(StandardCharsets.UTF_8),
        receivedAtMs, headers));
  }

  @Test
  void aSilentTerminalKeptPastForgetSurvivesATakeoverAndItsTaskClosesWhenItIsHeard() {
    var first = context(true);
    PartitionDetector a = start(first);
    long t0 = 2_000_000;
    long day = 86_400_000L;
    heartbeat(a, first, t0);
    tick(a, first, t0 + 91_000);
    assertEquals(1, raised().size());
    assertTrue(raised().get(0).startsWith("TERMINAL_SILENT"), raised().toString());
    tick(a, first, t0 + 8 * day); // past the 7-day terminal-forget: kept by its open task
    a.close();

    // The stored terminal state knows nothing of the silence; the task store does.
    var second = context(false);
    PartitionDetector b = start(second);
    tick(b, second, t0 + 8 * day + 1_000);
    heartbeat(b, second, t0 + 8 * day + 2_000);
    assertEquals(List.of(), raised(), "heard again: the silence task auto-resolves");
    assertEquals(1, repository.inserts());
  }
}
