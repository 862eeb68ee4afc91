package io.tillwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillwatch.commands.CommandState;
import io.tillwatch.commands.CommandType;
import io.tillwatch.commands.ResultRefusal;
import io.tillwatch.engine.EngineStats;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Liveness;
import io.tillwatch.engine.SaleStage;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.TopicKind;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The metric catalog: every {@code tillwatch_} meter is named and registered here and nowhere
 * else, so {@code docs/metrics.md} has one place to agree with (a test keeps the two in step).
 *
 * <p>Design notes. Labels are closed sets only (enum values, ISO currency codes capped at
 * {@link #MAX_CURRENCIES}); no terminal, merchant or txn id ever becomes a label. Every labelled
 * counter is created up front for all label values, so {@code rate()} and alerts see 0 rather than
 * an absent series. Gauges read snapshots (engine stats, task index) through suppliers, so a
 * scrape never touches live state of another thread. Gauges hold their suppliers strongly:
 * Micrometer's default weak reference would let a lambda supplier be collected and the gauge read NaN.
 */
public final class TillWatchMetrics implements IngestMetrics, ConnectionMetrics, ShardMetrics {
  public static final String PREFIX = "tillwatch.";
  /** Currencies beyond this many distinct codes are summed under {@code OTHER}. */
  public static final int MAX_CURRENCIES = 32;
  /** How old the engine counts the gauges read may be: a scrape takes them once, not once per gauge. */
  private static final long STATS_MAX_AGE_MS = 500;

  private final MeterRegistry registry;
  private final EnumMap<TopicKind, Counter> received = new EnumMap<>(TopicKind.class);
  private final EnumMap<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final EnumMap<EventType, Counter> accepted = new EnumMap<>(EventType.class);
  private final Counter duplicates;
  private final Map<String, Counter> findings = new ConcurrentHashMap<>();
  private final Map<String, Counter> resolved = new ConcurrentHashMap<>();
  private final EnumMap<FindingKind, Timer> detectionLag = new EnumMap<>(FindingKind.class);
  private final Timer ingestLatency;
  private final Timer commitLatency;
  private final DistributionSummary commitBatch;
  private final Counter commitFailures;
  private final Counter overload;
  private final Counter pruned;
  private final Counter connections;
  private final DistributionSummary clockSkew;
  private final Set<String> currencyGauges = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger brokerConnected = new java.util.concurrent.atomic.AtomicInteger();
  private final Counter brokerReconnects;
  private final Timer eventLoopLag;
  private final Map<String, Counter> connectRefusals = new ConcurrentHashMap<>();
  private final Map<String, Counter> aclDenials = new ConcurrentHashMap<>();
  private final Map<String, Counter> serverDisconnects = new ConcurrentHashMap<>();
  private final Counter throttled;
  private final Counter storeReconnects;
  private final Map<String, Timer> storeReads = new ConcurrentHashMap<>();
  private Supplier<EngineStats> engineStats;
  private LongSupplier protocolErrors;
  private final CommandMeters commandMeters;

  public TillWatchMetrics(MeterRegistry registry, String version) {
    this.registry = registry;
    for (TopicKind k : TopicKind.values()) {
      received.put(k, Counter.builder(PREFIX + "messages.received").tag("topic", k.level())
          .description("Messages received on a terminal topic, before validation").register(registry));
    }
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, Counter.builder(PREFIX + "messages.rejected").tag("reason", r.label())
          .description("Messages refused because they break the telemetry contract").register(registry));
    }
    for (EventType t : EventType.values()) {
      accepted.put(t, Counter.builder(PREFIX + "txn.events").tag("event", t.name())
          .description("Transaction events durably journaled, by lifecycle event").register(registry));
    }
    duplicates = Counter.builder(PREFIX + "txn.events.duplicate")
        .description("Redelivered transaction events (same terminal and seq) that changed nothing").register(registry);
    for (FindingKind k : FindingKind.values()) {
      for (Severity s : Severity.values()) {
        if (s != Severity.INFO) {
          finding(k, s);
        }
      }
      for (Resolution r : Resolution.values()) {
        resolvedCounter(k, r);
      }
      detectionLag.put(k, Timer.builder(PREFIX + "detection.lag").tag("kind", k.name())
          .description("From a rule's deadline to its task being committed")
          .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
          // Bucket bounds at 0.5 s and 1 s: the generated ones jump from 0.89 s to 1.79 s, too coarse to
          // tell whether findings come within a second of their deadline.
          .serviceLevelObjectives(Duration.ofMillis(500), Duration.ofSeconds(1))
          .register(registry));
    }
    ingestLatency = Timer.builder(PREFIX + "ingest.latency")
        .description("From a QoS 1 message's arrival to its PUBACK, i.e. decode + durable commit")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    commitLatency = Timer.builder(PREFIX + "journal.commit")
        .description("Duration of one group commit (writes, commit and fsync)")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    commitBatch = DistributionSummary.builder(PREFIX + "journal.commit.batch.size")
        .description("Writes per group commit")
        .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000).register(registry);
    commitFailures = Counter.builder(PREFIX + "journal.commit.failures")
        .description("Group commits that failed and were rolled back (none of their messages were acknowledged)")
        .register(registry);
    overload = Counter.builder(PREFIX + "ingest.overload")
        .description("Messages not acknowledged because the journal queue was full (in broker mode: or the connection held journal.queue-capacity unacknowledged)").register(registry);
    pruned = Counter.builder(PREFIX + "journal.pruned.events")
        .description("Journal events deleted by retention").register(registry);
    connections = Counter.builder(PREFIX + "mqtt.connections")
        .description("MQTT connections accepted").register(registry);
    clockSkew = DistributionSummary.builder(PREFIX + "terminal.clock.skew").baseUnit("seconds")
        .description("Absolute difference between a terminal's clock and TillWatch's at receipt")
        .serviceLevelObjectives(0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600).register(registry);
    eventLoopLag = Timer.builder(PREFIX + "event.loop.lag")
        .description("How late each engine shard's periodic tick ran: a busy or blocked event loop shows here first")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    for (String r : new String[] {"server_unavailable", "bad_client_id", "bad_credentials", "client_id_mismatch", "revoked",
        "throttled", "connection_limit", "keep_alive", "certificate_mismatch"}) {
      connectRefusals.put(r, Counter.builder(PREFIX + "mqtt.connections.refused").tag("reason", r)
          .description("CONNECTs refused by the embedded endpoint, by reason").register(registry));
    }
    for (String a : new String[] {"publish", "subscribe"}) {
      aclDenials.put(a, Counter.builder(PREFIX + "mqtt.acl.denied").tag("action", a)
          .description("Publishes and subscriptions outside the client's own topics, refused").register(registry));
    }
    for (String r : new String[] {"in_flight", "keep_alive", "revoked", "rotated"}) {
      serverDisconnects.put(r, Counter.builder(PREFIX + "mqtt.disconnects").tag("reason", r)
          .description("Connections the embedded endpoint closed itself: a limit broken, or the credential revoked or rotated")
          .register(registry));
    }
    throttled = Counter.builder(PREFIX + "mqtt.messages.throttled")
        .description("Messages held back because their terminal sent faster than mqtt.message-rate (delayed, not dropped)")
        .register(registry);
    storeReconnects = Counter.builder(PREFIX + "store.reconnects")
        .description("Connections to the store lost and opened again by the writer (PostgreSQL restarted, network cut; "
            + "0 on SQLite)").register(registry);
    brokerReconnects = Counter.builder(PREFIX + "broker.reconnects")
        .description("Reconnect attempts to the external broker (broker mode; 0 in embedded mode)").register(registry);
    Gauge.builder(PREFIX + "broker.connected", brokerConnected, java.util.concurrent.atomic.AtomicInteger::get)
        .description("1 while connected and subscribed to the external broker (broker mode; 0 in embedded mode)")
        .strongReference(true).register(registry);
    Gauge.builder(PREFIX + "build.info", () -> 1).tag("version", version)
        .description("Build information; always 1").register(registry);
    commandMeters = new CommandMeters(registry);
    registerReconcile();
  }

  public MeterRegistry registry() {
    return registry;
  }

  // ---- events --------------------------------------------------------------------------------

  @Override
  public void messageReceived(TopicKind kind) {
    received.get(kind).increment();
  }

  @Override
  public void messageRejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  @Override
  public void txnEventAccepted(EventType type) {
    accepted.get(type).increment();
  }

  @Override
  public void duplicate() {
    duplicates.increment();
  }

  public void findingOpened(FindingKind kind, Severity severity) {
    finding(kind, severity).increment();
  }

  public void taskResolved(FindingKind kind, Resolution resolution) {
    resolvedCounter(kind, resolution).increment();
  }

  public void detectionLag(FindingKind kind, long lagMs) {
    detectionLag.get(kind).record(Math.max(0, lagMs), TimeUnit.MILLISECONDS);
  }

  @Override
  public void acknowledged(long nanos) {
    ingestLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void journalCommitted(int batchSize, long nanos) {
    commitBatch.record(batchSize);
    commitLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void journalCommitFailed() {
    commitFailures.increment();
  }

  @Override
  public void ingestOverload() {
    overload.increment();
  }

  public void eventsPruned(long count) {
    pruned.increment(count);
  }

  @Override
  public void connectionRefused(String reason) {
    connectRefusals.get(reason).increment();
  }

  @Override
  public void serverDisconnect(String reason) {
    serverDisconnects.get(reason).increment();
  }

  @Override
  public void messageThrottled() {
    throttled.increment();
  }

  @Override
  public void aclDenied(String action) {
    aclDenials.get(action).increment();
  }

  @Override
  public void eventLoopLag(long nanos) {
    eventLoopLag.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  @Override
  public void brokerConnected(boolean connected) {
    brokerConnected.set(connected ? 1 : 0);
  }

  @Override
  public void brokerReconnect() {
    brokerReconnects.increment();
  }

  /** Which ingest mode runs: {@code tillwatch_ingest_info{mode="embedded|broker"} 1}. */
  public void ingestMode(String mode) {
    Gauge.builder(PREFIX + "ingest.info", () -> 1).tag("mode", mode)
        .description("The ingest mode of this instance; always 1").register(registry);
  }

  @Override
  public void connectionAccepted() {
    connections.increment();
  }

  @Override
  public void clockSkew(long skewMs) {
    clockSkew.record(Math.abs(skewMs) / 1000.0);
  }

  // ---- gauges bound to state owned elsewhere -----------------------------------------------------

  /**
   * Binds the engine's counts (summed over shards, or over a detector's partitions, by the supplier).
   * A scrape reads some thirty gauges of them: the sum is taken at most every 500 ms, and each new
   * sum registers the amount-at-risk gauge of any currency seen for the first time.
   */
  public void bindEngine(Supplier<EngineStats> source) {
    Supplier<EngineStats> stats = new EngineStatsMemo(source, STATS_MAX_AGE_MS, this::refreshCurrencies);
    this.engineStats = stats; // function counters hold their source weakly: keep it reachable
    for (SaleStage s : SaleStage.values()) {
      Gauge.builder(PREFIX + "sales.open", stats, st -> st.get().openSalesByStage().getOrDefault(s, 0L)).tag("stage", s.label())
          .description("Tracked sales not yet closed, by stage").strongReference(true).register(registry);
    }
    for (Liveness l : Liveness.values()) {
      Gauge.builder(PREFIX + "terminals", stats, st -> st.get().terminalsByLiveness().getOrDefault(l, 0L))
          .tag("liveness", l.label()).description("Tracked terminals by liveness").strongReference(true).register(registry);
    }
    for (String p : new String[] {"OK", "PAPER_OUT", "ERROR", "UNKNOWN"}) {
      Gauge.builder(PREFIX + "terminals.printer", stats, st -> st.get().printerStates().getOrDefault(p, 0L))
          .tag("state", p.toLowerCase(java.util.Locale.ROOT)).description("Terminals by last reported printer state")
          .strongReference(true).register(registry);
    }
    // Per event, not per sale: the engine cannot tell a new untracked txn from a known one without remembering them.
    io.micrometer.core.instrument.FunctionCounter.builder(PREFIX + "txn.events.unchecked", stats,
            st -> st.get().uncheckedEvents())
        .description("Transaction events journaled and acknowledged but not checked for findings: their sale is not "
            + "tracked because its terminal held detect.max-sales-per-terminal sales, none closed")
        .register(registry);
    gauge("engine.terminals.over.limit", "Terminals whose latest new sale was not tracked because they held "
        + "detect.max-sales-per-terminal sales, none closed: their new sales are not checked", null, stats,
        EngineStats::terminalsOverLimit);
    io.micrometer.core.instrument.FunctionCounter.builder(PREFIX + "engine.forgotten.sale.events", stats,
            st -> st.get().forgottenSaleEvents())
        .description("Events of sales that had closed and been forgotten, recognised by their remembered txn id and "
            + "absorbed (they raise nothing)")
        .register(registry);
    gauge("engine.forgotten.sales", "Closed, forgotten sales whose txn ids are remembered to absorb late events", null,
        stats, EngineStats::forgottenSalesRemembered);
    gauge("pending.uploads", "Offline-approved sales waiting in terminals' store-and-forward queues", null, stats,
        EngineStats::pendingUploads);
    gauge("terminal.clock.skew.max", "Largest clock difference among tracked terminals", "seconds", stats,
        s -> s.maxClockSkewMs() / 1000.0);
    gauge("engine.tracked.sales", "Sales held in engine memory (open and recently closed)", null, stats,
        EngineStats::trackedSales);
    gauge("engine.tracked.terminals", "Terminals held in engine memory", null, stats, EngineStats::trackedTerminals);
    gauge("engine.kept.terminals", "Terminals past detect.terminal-forget held in engine memory only by an open "
        + "terminal-level finding (its task open)", null, stats, EngineStats::keptTerminals);
    this.amountSource = stats;
  }

  private Supplier<EngineStats> amountSource;

  /**
   * Registers the amount-at-risk gauge for currencies seen so far; called on each engine stats
   * refresh. New codes get a gauge until {@link #MAX_CURRENCIES}; the rest are reported as OTHER.
   */
  private void refreshCurrencies(Map<String, Long> amountAtRisk) {
    for (String currency : amountAtRisk.keySet()) {
      String label = currencyGauges.size() < MAX_CURRENCIES || currencyGauges.contains(currency) ? currency : "OTHER";
      if (currencyGauges.add(label)) {
        Supplier<EngineStats> src = amountSource;
        Gauge.builder(PREFIX + "amount.at.risk", src, s -> amountFor(s.get().amountAtRisk(), label))
            .baseUnit("minor_units").tag("currency", label)
            .description("Sum of amounts of sales with an open money finding, in minor units (fen, cents)")
            .strongReference(true).register(registry);
      }
    }
  }

  private double amountFor(Map<String, Long> amounts, String label) {
    if (!label.equals("OTHER")) {
      return amounts.getOrDefault(label, 0L);
    }
    long other = 0;
    for (Map.Entry<String, Long> e : amounts.entrySet()) {
      if (!currencyGauges.contains(e.getKey())) {
        other += e.getValue();
      }
    }
    return other;
  }

  /** Binds open task counts and ages from the task index. */
  public void bindTasks(ToLongFunction<FindingKind> oldestOpenAgeMs, TaskCounts counts) {
    for (FindingKind k : FindingKind.values()) {
      for (Severity s : Severity.values()) {
        if (s != Severity.INFO) {
          Gauge.builder(PREFIX + "tasks.open", counts, c -> c.open(k, s)).tag("kind", k.name()).tag("severity", s.label())
              .description("Tasks OPEN or ACKNOWLEDGED").strongReference(true).register(registry);
        }
      }
      Gauge.builder(PREFIX + "tasks.oldest.open.age", oldestOpenAgeMs, f -> f.applyAsLong(k) / 1000.0)
          .baseUnit("seconds").tag("kind", k.name()).description("Age of the oldest unresolved task (0 when none)")
          .strongReference(true).register(registry);
    }
  }

  /**
   * Binds the count of OPEN tasks past their acknowledgement deadline ({@code escalation.ack-within.*}),
   * by severity; every severity is registered, at 0 while none is overdue.
   */
  public void bindOverdueTasks(ToLongFunction<Severity> overdue) {
    for (Severity s : Severity.values()) {
      Gauge.builder(PREFIX + "tasks.overdue", overdue, f -> f.applyAsLong(s)).tag("severity", s.label())
          .description("Tasks OPEN (nobody acknowledged them) past escalation.ack-within of their severity")
          .strongReference(true).register(registry);
    }
  }

  /** Counts of unresolved tasks by kind and severity. */
  @FunctionalInterface
  public interface TaskCounts {
    long open(FindingKind kind, Severity severity);
  }

  /** Binds the count of connections broken off for MQTT protocol errors (kept by the ingest, process-wide). */
  public void bindProtocolErrors(LongSupplier count) {
    this.protocolErrors = count; // function counters hold their source weakly: keep it reachable
    io.micrometer.core.instrument.FunctionCounter.builder(PREFIX + "mqtt.protocol.errors", count, LongSupplier::getAsLong)
        .description("Malformed, truncated or oversized MQTT packets and failed handshakes (the connection is closed)")
        .register(registry);
  }

  public void bindRuntime(IntSupplier journalQueueDepth, IntSupplier activeConnections, BooleanSupplier ready) {
    Gauge.builder(PREFIX + "journal.queue.depth", journalQueueDepth, IntSupplier::getAsInt)
        .description("Writes waiting for a group commit").strongReference(true).register(registry);
    Gauge.builder(PREFIX + "mqtt.connections.active", activeConnections, IntSupplier::getAsInt)
        .description("Open MQTT connections").strongReference(true).register(registry);
    Gauge.builder(PREFIX + "ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 when recovered, listening and the journal is healthy").strongReference(true).register(registry);
  }

  // ---- the store (SQLite or PostgreSQL) ----------------------------------------------------------

  /**
   * One store read took {@code nanos}. {@code what} is the read's fixed name in the store ("task
   * list"), a closed set; as a label it is written in snake case ({@code task_list}). A timer is
   * registered at a name's first read: a read that never ran has no latency to show.
   */
  public void storeRead(String what, long nanos) {
    storeReads.computeIfAbsent(what, w -> Timer.builder(PREFIX + "store.read").tag("query", queryLabel(w))
        .description("Duration of one store read (borrowing a connection included), by query")
        .serviceLevelObjectives(STORE_READ_BUCKETS).register(registry))
        .record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Fixed buckets (not Micrometer's ~70 per timer): there is one timer per query. */
  private static final Duration[] STORE_READ_BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1),
      Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  static String queryLabel(String what) {
    return what.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
  }

  /** The writer lost its connection to the store and is opening a new one. */
  public void storeReconnecting() {
    storeReconnects.increment();
  }

  /** Binds whether the writer holds a working connection to the store (always 1 on SQLite). */
  public void bindStore(BooleanSupplier reachable) {
    Gauge.builder(PREFIX + "store.reachable", reachable, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 while the store's writer has a connection to the store; 0 from a lost connection until a new "
            + "one is open (PostgreSQL down or unreachable)").strongReference(true).register(registry);
  }

  // ---- terminal commands (reprints): counted by metrics.CommandMetrics, a commands listener ------------

  /** The command meters, every label value registered at 0 up front. */
  private static final class CommandMeters {
    final EnumMap<CommandType, Counter> sent = new EnumMap<>(CommandType.class);
    final EnumMap<CommandType, Counter> delivered = new EnumMap<>(CommandType.class);
    final EnumMap<CommandType, Counter> expired = new EnumMap<>(CommandType.class);
    final Map<String, Counter> results = new ConcurrentHashMap<>();
    final EnumMap<ResultRefusal, Counter> refused = new EnumMap<>(ResultRefusal.class);

    CommandMeters(MeterRegistry registry) {
      for (CommandType t : CommandType.values()) {
        sent.put(t, Counter.builder(PREFIX + "commands.sent").tag("type", t.label())
            .description("Commands created (stored in the outbox, then sent to the terminal)").register(registry));
        delivered.put(t, Counter.builder(PREFIX + "commands.delivered").tag("type", t.label())
            .description("Commands acknowledged: by the terminal's PUBACK (embedded), by the broker's (broker mode)")
            .register(registry));
        expired.put(t, Counter.builder(PREFIX + "commands.expired").tag("type", t.label())
            .description("Commands that expired before a result").register(registry));
        for (CommandState st : CommandState.values()) {
          if (st.answered()) {
            results.put(t.name() + '|' + st.name(), Counter.builder(PREFIX + "command.results").tag("type", t.label())
                .tag("status", st.label()).description("Results from terminals: done, failed, rejected").register(registry));
          }
        }
      }
      for (ResultRefusal r : ResultRefusal.values()) {
        refused.put(r, Counter.builder(PREFIX + "command.results.refused").tag("reason", r.label())
            .description("Command results that changed nothing: unknown id, another terminal's command, a repeat, malformed")
            .register(registry));
      }
    }
  }

  public void commandSent(CommandType type) {
    commandMeters.sent.get(type).increment();
  }

  public void commandDelivered(CommandType type) {
    commandMeters.delivered.get(type).increment();
  }

  public void commandAnswered(CommandType type, CommandState status) {
    commandMeters.results.get(type.name() + '|' + status.name()).increment();
  }

  public void commandExpired(CommandType type) {
    commandMeters.expired.get(type).increment();
  }

  public void commandResultRefused(ResultRefusal reason) {
    commandMeters.refused.get(reason).increment();
  }

  /** Binds the count of commands neither answered nor expired (the command service's open commands). */
  public void bindCommands(IntSupplier pending) {
    Gauge.builder(PREFIX + "commands.pending", pending, IntSupplier::getAsInt)
        .description("Commands not yet answered nor expired").strongReference(true).register(registry);
  }

  // ---- end of terminal commands ------------------------------------------------------------------

  private <T> void gauge(String name, String description, String unit, Supplier<T> source, java.util.function.ToDoubleFunction<T> value) {
    Gauge.builder(PREFIX + name, source, s -> value.applyAsDouble(s.get())).baseUnit(unit).description(description)
        .strongReference(true).register(registry);
  }

  private Counter finding(FindingKind kind, Severity severity) {
    return findings.computeIfAbsent(kind.name() + '|' + severity.label(), k -> Counter.builder(PREFIX + "findings")
        .tag("kind", kind.name()).tag("severity", severity.label())
        .description("Findings that opened a new operator task").register(registry));
  }

  private Counter resolvedCounter(FindingKind kind, Resolution resolution) {
    return resolved.computeIfAbsent(kind.name() + '|' + resolution.name(), k -> Counter.builder(PREFIX + "tasks.resolved")
        .tag("kind", kind.name()).tag("resolution", resolution.name())
        .description("Tasks resolved, by operators or automatically (AUTO_RESOLVED)").register(registry));
  }

  // ---- settlement reconciliation (counted through ReconcileMetrics) ----------------------------------

  private final Map<String, Counter> reconcileImports = new ConcurrentHashMap<>();
  private final Map<String, Counter> reconcileLines = new ConcurrentHashMap<>();
  private final Map<String, java.util.concurrent.atomic.AtomicLong> reconcileLastImport = new ConcurrentHashMap<>();

  private void registerReconcile() {
    for (io.tillwatch.reconcile.BillFormat f : io.tillwatch.reconcile.BillFormat.values()) {
      String format = f.label();
      for (String outcome : new String[] {"imported", "unchanged", "refused"}) {
        reconcileImports.put(format + '|' + outcome, Counter.builder(PREFIX + "reconcile.imports").tag("format", format)
            .tag("outcome", outcome).description("Settlement bill files: imported, unchanged (imported before) or refused")
            .register(registry));
      }
      for (io.tillwatch.reconcile.Outcome o : io.tillwatch.reconcile.Outcome.values()) {
        if (o.counted()) {
          reconcileLines.put(format + '|' + o.label(), Counter.builder(PREFIX + "reconcile.lines").tag("format", format)
              .tag("outcome", o.label()).description("What each bill import found, by outcome").register(registry));
        }
      }
      java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong();
      reconcileLastImport.put(format, last);
      Gauge.builder(PREFIX + "reconcile.last.import.timestamp", last, a -> a.get() / 1000.0).baseUnit("seconds")
          .tag("format", format).description("When a bill of the format was last imported (0: never)")
          .strongReference(true).register(registry);
    }
  }

  void reconcileImport(String format, String outcome) {
    reconcileImports.get(format + '|' + outcome).increment();
  }

  void reconcileLine(String format, String outcome) {
    reconcileLines.get(format + '|' + outcome).increment();
  }

  void reconcileImportedAt(String format, long epochMs) {
    reconcileLastImport.get(format).set(epochMs);
  }
}
