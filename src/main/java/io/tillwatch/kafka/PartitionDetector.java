package io.tillwatch.kafka;

import io.tillwatch.engine.ApplyResult;
import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.EngineStats;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.TerminalFilter;
import io.tillwatch.engine.TerminalList;
import io.tillwatch.engine.TerminalView;
import io.tillwatch.runtime.Recovery;
import io.tillwatch.tasks.Task;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.StatusChange;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import io.tillwatch.telemetry.TxnEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detection for one partition of the events topic: the pure engine, fed the partition's records in
 * order, its state kept in two changelogged stores so that another detector can take the partition
 * over.
 *
 * <p>Design notes.
 * <ul>
 *   <li>The stores hold what the single process keeps in its journal, not the engine's tables: each
 *       terminal's latest heartbeat state and the transaction events of the sales the engine still
 *       tracks. Taking a partition over (or restarting) rebuilds the engine from them exactly as the
 *       single process recovers from its journal (restore terminals, replay events in the order
 *       processed, re-arm deadlines, take the open terminal-level findings back from the task
 *       store), so there is one recovery path, tested once.</li>
 *   <li>Time is the partition's: the engine's clock moves only on tick records (see
 *       {@link PartitionClock}: never past a live gateway's watermark, so not while one of its
 *       messages is still on its way), and an event's time is its record timestamp, the receive time
 *       the gateway stamped. Reprocessing the same records gives the same findings; a deadline cannot fire
 *       while the event that meets it waits unread in the partition, however far behind the detector
 *       is. The clock is stored with the state, so a restore resumes at the time its state was
 *       committed, and the findings that fell due meanwhile fire at the next tick.</li>
 *   <li>Writes to the shared store (tasks, journal rows) go to the partition's {@link CommitBarrier},
 *       which the next commit waits for, so a commit never gets ahead of them.</li>
 *   <li>Everything runs on the partition's stream thread, like a shard's event loop in the single
 *       process; reads for the HTTP API, and a person's resolutions of terminal-level tasks, are
 *       queued to it and handled at the next punctuation.</li>
 * </ul>
 */
final class PartitionDetector implements Processor<byte[], byte[], Void, Void> {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionDetector.class);
  static final String TERMINALS = "tillwatch-terminals";
  static final String SALE_EVENTS = "tillwatch-sale-events";

  private final DetectorRuntime runtime;
  private final TelemetryDecoder decoder;
  private final ConcurrentLinkedQueue<Runnable> reads = new ConcurrentLinkedQueue<>();
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<byte[], byte[]> terminals;
  private KeyValueStore<byte[], byte[]> saleEvents;
  private BarrierFindings findings;
  private CommitBarrier barrier;
  /** Per terminal, what the shared store's terminal row last got: written again only when it says something new. */
  private final java.util.HashMap<String, TerminalRow> savedRows = new java.util.HashMap<>();
  private DetectionEngine engine;
  private int partition;
  private PartitionClock clock;
  private volatile long publishedClockMs;
  private volatile EngineStats stats;

  PartitionDetector(DetectorRuntime runtime) {
    this.runtime = runtime;
    this.decoder = new TelemetryDecoder(runtime.maxPayloadBytes());
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.partition = context.taskId().partition();
    this.terminals = context.getStateStore(TERMINALS);
    this.saleEvents = context.getStateStore(SALE_EVENTS);
    this.barrier = runtime.barrier(context.taskId());
    this.findings = new BarrierFindings(runtime.tasks(), barrier);
    rebuild();
    context.schedule(Duration.ofMillis(100), PunctuationType.WALL_CLOCK_TIME, now -> answerReads());
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> stats = engine.stats());
    Duration pruneEvery = runtime.pruneInterval();
    context.schedule(pruneEvery, PunctuationType.WALL_CLOCK_TIME, now -> prune());
    runtime.attach(partition, this);
  }

  /** The single process's recovery, from this partition's stores. */
  private void rebuild() {
    long started = System.nanoTime();
    byte[] storedClock = terminals.get(StateCodec.CLOCK_KEY);
    long staleAfter = runtime.watermarkStaleAfter().toMillis();
    clock = storedClock == null ? new PartitionClock(staleAfter, 0) : PartitionClock.decode(storedClock, staleAfter);
    long clockMs = clock.clockMs();
    DetectionSettings settings = runtime.detection();
    engine = new DetectionEngine(settings, findings, clockMs);
    int terminalCount = 0;
    try (KeyValueIterator<byte[], byte[]> it = terminals.all()) {
      while (it.hasNext()) {
        KeyValue<byte[], byte[]> kv = it.next();
        if (!StateCodec.isClock(kv.key)) {
          engine.restoreTerminal(StateCodec.terminal(kv.value));
          terminalCount++;
        }
      }
    }
    long sequenceFrom = clockMs - runtime.stateRetention().toMillis();
    long events = 0;
    try (KeyValueIterator<byte[], byte[]> it = saleEvents.all()) {
      while (it.hasNext()) {
        StateCodec.SaleEvent e = StateCodec.saleEvent(it.next().value);
        TxnEvent event = decodeStored(e);
        if (event != null) {
          engine.replayTxnEvent(event, e.receivedAtMs(), e.receivedAtMs() >= sequenceFrom);
          events++;
        }
      }
    }
    engine.finishRecovery(clockMs);
    resumeOpenFindings(clockMs);
    stats = engine.stats();
    publishedClockMs = clockMs;
    long nanos = System.nanoTime() - started;
    runtime.metrics().restored(events, nanos);
    LOG.info("partition {}: rebuilt {} terminals and {} events in {} ms, clock at {}", partition, terminalCount, events,
        nanos / 1_000_000, clockMs);
  }

  /**
   * A terminal's open silence or backlog is not in its stored state: the shared task store holds
   * it. Handed back to the engine ({@link DetectionEngine#reconcile}), a restored terminal with an
   * open silence stays remembered and settles the task when heard; one the stored state shows
   * settled is auto-resolved: the single process's {@link Recovery#reconcile}, over this partition's
   * terminals. One read of the unresolved tasks per partition taken over.
   */
  private void resumeOpenFindings(long clockMs) {
    List<FindingKey> terminalLevel = runtime.tasks().unresolved().stream().map(Task::key)
        .filter(key -> !key.kind().perSale()).toList();
    Recovery.reconcile(terminalLevel, (merchant, terminal) -> engine.tracksTerminal(merchant, terminal) ? engine : null,
        findings, clockMs);
  }

  private TxnEvent decodeStored(StateCodec.SaleEvent e) {
    try {
      return (TxnEvent) decoder.decode(new Topic(e.merchant(), e.terminal(), TopicKind.TXN), e.payload());
    } catch (RejectedMessageException | ClassCastException ex) {
      LOG.error("partition {}: a stored event of {}/{} no longer decodes ({}); skipped", partition, e.merchant(), e.terminal(),
          ex.getMessage());
      return null;
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (EventRecords.isTick(record.headers())) {
      onTick(record);
    } else {
      apply(record);
    }
  }

  private void onTick(Record<byte[], byte[]> record) {
    String source = EventRecords.tickSource(record.headers());
    boolean moved = EventRecords.isFarewell(record.headers()) ? clock.onFarewell(source)
        : clock.onTick(source, EventRecords.isGatewayTick(record.headers()), record.timestamp());
    // Stored on every tick, moved or not: the sources' watermarks are part of what a restore resumes from.
    terminals.put(StateCodec.CLOCK_KEY, clock.encode());
    if (moved) {
      engine.advanceTo(clock.clockMs());
      publishedClockMs = clock.clockMs();
    }
  }

  private void apply(Record<byte[], byte[]> record) {
    Telemetry telemetry;
    Topic topic;
    try {
      topic = Topic.parse(EventRecords.mqttTopic(record.headers()));
      telemetry = decoder.decode(topic, record.value() == null ? new byte[0] : record.value());
    } catch (RejectedMessageException e) {
      // Gateways and the bridge normaliser forward only what decodes; this is a record someone else wrote.
      runtime.metrics().bridgeRejected(e.reason());
      return;
    }
    long receivedAtMs = record.timestamp();
    if (receivedAtMs < clock.clockMs()) {
      runtime.metrics().lateEvent();
    }
    if (telemetry instanceof TxnEvent event) {
      ApplyResult applied = engine.onTxnEvent(event, receivedAtMs);
      if (applied == ApplyResult.DUPLICATE) {
        return; // a resend of what the engine has (QoS 1): nothing new to keep
      }
      if (applied == ApplyResult.OVER_LIMIT) {
        runtime.unchecked().notChecked(event); // kept and journaled all the same, but not checked: say so
      }
      long offset = offsetOf();
      saleEvents.put(StateCodec.offsetKey(offset), StateCodec.saleEvent(
          new StateCodec.SaleEvent(receivedAtMs, event.merchant(), event.terminal(), event.txn(), record.value())));
      // The shared journal: what the task timeline and bill reconciliation read, as in the single process.
      barrier.add(runtime.journal().append(event, receivedAtMs));
    } else if (telemetry instanceof Heartbeat || telemetry instanceof StatusChange) {
      if (telemetry instanceof Heartbeat hb) {
        engine.onHeartbeat(hb, receivedAtMs);
      } else {
        engine.onStatus((StatusChange) telemetry, receivedAtMs);
      }
      var snapshot = engine.snapshotOf(topic.merchant(), topic.terminal());
      if (snapshot != null) {
        terminals.put(EventRecords.key(topic.merchant(), topic.terminal()), StateCodec.terminal(snapshot));
        saveRowIfNew(snapshot);
      }
    }
    // A command result reaches the gateway that holds the terminal's connection, never the events topic.
  }

  /**
   * The shared store's terminal row (where a new task finds the terminal's store and region) is
   * written when it would say something new, not on every heartbeat: a fleet's heartbeats would
   * otherwise be the database's busiest writes.
   */
  private void saveRowIfNew(io.tillwatch.engine.TerminalSnapshot snapshot) {
    TerminalRow row = TerminalRow.of(snapshot);
    String id = snapshot.merchant() + "/" + snapshot.terminal();
    if (!row.equals(savedRows.get(id))) {
      savedRows.put(id, row);
      barrier.add(runtime.journal().saveTerminal(snapshot));
    }
  }

  /** The fields of a terminal row that change its meaning; times and signal strength are left out. */
  private record TerminalRow(boolean online, int intervalSec, String printer, String firmware, String network, String store,
      String region, boolean backlog) {
    static TerminalRow of(io.tillwatch.engine.TerminalSnapshot t) {
      return new TerminalRow(t.online(), t.intervalSec(), t.printer(), t.firmware(), t.network(), t.store(), t.region(),
          t.pendingUploads() > 0);
    }
  }

  private long offsetOf() {
    return context.recordMetadata().map(RecordMetadata::offset).orElseThrow();
  }

  /**
   * Drops the events of sales the engine no longer tracks once they are older than the state
   * retention (until then they still count for sequence tracking), and terminals the engine forgot.
   */
  private void prune() {
    long cutoff = clock.clockMs() - runtime.stateRetention().toMillis();
    List<byte[]> drop = new ArrayList<>();
    try (KeyValueIterator<byte[], byte[]> it = saleEvents.all()) {
      while (it.hasNext()) {
        KeyValue<byte[], byte[]> kv = it.next();
        StateCodec.SaleEvent e = StateCodec.saleEvent(kv.value);
        if (e.receivedAtMs() < cutoff && !engine.tracksSale(e.merchant(), e.terminal(), e.txn())) {
          drop.add(kv.key);
        }
      }
    }
    drop.forEach(saleEvents::delete);
    List<byte[]> forgotten = new ArrayList<>();
    try (KeyValueIterator<byte[], byte[]> it = terminals.all()) {
      while (it.hasNext()) {
        KeyValue<byte[], byte[]> kv = it.next();
        if (!StateCodec.isClock(kv.key)) {
          String[] id = StateCodec.text(kv.key).split("/", 2);
          if (!engine.tracksTerminal(id[0], id[1])) {
            forgotten.add(kv.key);
          }
        }
      }
    }
    forgotten.forEach(key -> {
      terminals.delete(key);
      savedRows.remove(StateCodec.text(key));
    });
    if (!drop.isEmpty() || !forgotten.isEmpty()) {
      LOG.debug("partition {}: pruned {} events and {} terminals", partition, drop.size(), forgotten.size());
    }
  }

  /**
   * The task of a terminal-level finding is resolved ({@link DetectionEngine#taskResolved}): queued
   * like a read, applied on this partition's thread at the next punctuation.
   */
  void taskResolved(FindingKey key) {
    reads.add(() -> engine.taskResolved(key));
  }

  private void answerReads() {
    Runnable r;
    while ((r = reads.poll()) != null) {
      r.run();
    }
  }

  /** Runs a read of the engine on this partition's thread, at its next punctuation. */
  <T> CompletableFuture<T> read(Function<DetectionEngine, T> query) {
    CompletableFuture<T> answer = new CompletableFuture<>();
    reads.add(() -> {
      try {
        answer.complete(query.apply(engine));
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
    });
    return answer;
  }

  CompletableFuture<Optional<TerminalView>> terminal(String merchant, String terminal) {
    return read(e -> e.terminal(merchant, terminal));
  }

  CompletableFuture<TerminalList> terminals(TerminalFilter filter, int limit) {
    return read(e -> e.terminals(filter, limit));
  }

  EngineStats stats() {
    return stats;
  }

  /** The partition's clock, as of the last tick it processed. */
  long clockMs() {
    return publishedClockMs;
  }

  @Override
  public void close() {
    runtime.detach(partition, this);
    Runnable r;
    while ((r = reads.poll()) != null) {
      r.run(); // answer what was asked before the partition left; the engine is still whole
    }
  }
}
