package io.tillwatch.sim;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.telemetry.EventType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One payment terminal: one MQTT connection, heartbeats, sales, and the faults it is told to inject.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Threading: everything runs on the event loop of the shard that created the terminal (timers
 *       and MQTT callbacks inherit that context), so the fields need no locks.</li>
 *   <li>Connection: client id and username = terminal id; Last Will {@code offline} retained QoS 1 on
 *       the status topic; after CONNACK it publishes {@code online} retained, subscribes to its
 *       {@code cmd} topic and sends a heartbeat at once. A connection that fails or drops is retried
 *       with capped, jittered exponential backoff. A fresh {@link MqttClient} is used per attempt.</li>
 *   <li>seq: +1 for every txn event of a script step, sent or deliberately lost. Events go through
 *       {@link TxnOutbox} (at-least-once, seq order, survives reconnects), so the only gaps the
 *       server ever sees are the injected ones. Heartbeats carry {@code lastSeq}, which reveals a lost
 *       event even when it was the terminal's last.</li>
 *   <li>One sale at a time: while a script runs (a double-charge script spans its retry delay) the
 *       terminal is busy and the shard picks another. Terminal-level faults (silent, backlog) do not
 *       overlap each other.</li>
 *   <li>SILENT: waits until every txn event is acknowledged, then (half the time) publishes
 *       {@code offline} retained as a broker would publish the Will, and disconnects cleanly (so a
 *       real broker publishes no Will of its own). Nothing is published for the silence period, then
 *       the terminal reconnects and publishes {@code online}. Disconnecting, rather than idling on an
 *       open connection, keeps even MQTT PINGREQs from being "heard".</li>
 *   <li>Sales in doubt (unconfirmed, unprinted, reversal, double) add their amount to a set new sales
 *       avoid, so only an injected DOUBLE ever repeats an amount after a doubtful sale.</li>
 *   <li>Money: before a script runs, {@link SaleFates} decides what really happened at the acquirer;
 *       the {@link AcquirerLedger} books it and the money findings' ground truth carries it.</li>
 *   <li>Paper: an unprinted sale may leave the printer out of paper for the paper-out period. Meanwhile
 *       the terminal takes no sales, heartbeats say PAPER_OUT and reprint commands fail. A spell never
 *       starts while an earlier sale in doubt may still get a reprint command that the truth says prints.</li>
 *   <li>Commands ({@link CommandDesk}): a REPRINT of a sale the terminal knows prints it, i.e. publishes
 *       PRINTED for that txn with the next seq through the outbox; every command is answered on the
 *       cmd-result topic at QoS 1, a redelivered one with its first answer.</li>
 * </ul>
 */
final class SimulatedTerminal {
  private static final Logger LOG = LoggerFactory.getLogger(SimulatedTerminal.class);
  private static final long MAX_BACKOFF_MS = 30_000;
  private static final long DRAIN_POLL_MS = 50;
  private static final long DRAIN_MAX_MS = 5_000;
  private static final int KNOWN_SALES = 4_096;

  private enum Conn { DOWN, CONNECTING, UP }

  private final Vertx vertx;
  private final SimulatorOptions opts;
  private final TerminalIdentity id;
  private final SimStats stats;
  private final GroundTruth truth;
  private final Random rnd;
  private final long driftMs;
  private final String runTag;
  private final TxnOutbox outbox;
  private final DoubtfulAmounts doubtfulAmounts = new DoubtfulAmounts();
  private final AcquirerLedger ledger;
  private final CommandDesk commands;
  private final Map<String, Sale> knownSales = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Sale> eldest) {
      return size() > KNOWN_SALES;
    }
  };
  private final Map<String, MoneyTruth> moneyTruths = new HashMap<>();

  private MqttClient client;
  private Conn conn = Conn.DOWN;
  private int failedAttempts;
  private long heartbeatTimer = -1;
  private long seq;
  private long txnCounter;
  private boolean busy;
  private boolean silent;
  private long backlogUntilMs;
  private int backlogCount;
  private boolean stopping;
  private long paperOutUntilMs;
  private long lastDoubtfulAtMs = Long.MIN_VALUE / 2;

  SimulatedTerminal(Vertx vertx, SimulatorOptions opts, int index, SimStats stats, GroundTruth truth, AcquirerLedger ledger,
      String runTag) {
    this.vertx = vertx;
    this.opts = opts;
    this.id = TerminalIdentity.of(opts, index);
    this.stats = stats;
    this.truth = truth;
    this.rnd = new Random(opts.seed() * 1_000_003L + index);
    this.driftMs = rnd.nextInt(4_001) - 2_000;
    this.runTag = runTag;
    this.outbox = new TxnOutbox(vertx, stats);
    this.ledger = ledger;
    this.commands = new CommandDesk(knownSales::get, this::paperOut);
  }

  TerminalIdentity identity() {
    return id;
  }

  /** Connects (used by the shard's rate limiter) and starts heartbeating with a random phase. */
  void start() {
    long period = opts.heartbeatIntervalSec() * 1000L;
    long phase = 1 + (long) (rnd.nextDouble() * period);
    heartbeatTimer = vertx.setPeriodic(phase, period, t -> heartbeat());
    connect();
  }

  /** Idle: connected, no sale or fault in progress. */
  boolean idle() {
    return conn == Conn.UP && !busy && !silent && !stopping && !paperOut();
  }

  /** The printer is out of paper (for the rest of the paper-out spell). */
  boolean paperOut() {
    return paperOutUntilMs > System.currentTimeMillis();
  }

  /** True when this idle terminal may take the fault (terminal-level faults do not overlap). */
  boolean canTake(FaultKind fault) {
    if (!idle()) {
      return false;
    }
    return fault == null || fault.saleLevel() || !backlogActive();
  }

  /** Runs one sale, possibly faulty; the caller checked {@link #canTake}. */
  void runSale(FaultKind fault) {
    runSale(fault, false);
  }

  /** @param primed the first fault of its kind: its money outcome is the one a person must settle ({@link OutcomeDraws#primed}) */
  void runSale(FaultKind fault, boolean primed) {
    stats.salesStarted.increment();
    if (fault != null) {
      stats.fault(fault);
    }
    if (fault == FaultKind.SILENT) {
      goSilent();
      return;
    }
    if (fault == FaultKind.BACKLOG) {
      startBacklog();
    }
    String txn = nextTxnId();
    Sale sale = SaleFactory.next(rnd, txn, SaleRefs.of(id.terminal(), txn), doubtfulAmounts.asSet());
    List<SaleStep> script = SaleScripts.forFault(fault, sale, this::nextTxnId, opts.effectiveDoubleChargeDelay().toMillis(), rnd,
        opts::scaledMillis);
    doubtfulAmounts.noteSale(fault, sale);
    long now = System.currentTimeMillis();
    long paperOutMs = opts.effectivePaperOutPeriod().toMillis();
    SaleFates.Fate fate = SaleFates.decide(fault, script, id, now, rnd,
        primed ? opts.outcomes().primed() : opts.outcomes(), now - lastDoubtfulAtMs > paperOutMs);
    for (LedgerEntry e : fate.entries()) {
      ledger.record(e);
    }
    for (SaleStep step : fate.script()) {
      knownSales.put(step.sale().txn(), step.sale());
    }
    if (!fate.truths().isEmpty()) {
      if (moneyTruths.size() > KNOWN_SALES) {
        moneyTruths.clear(); // truths are looked up within one script; nothing older is needed
      }
      moneyTruths.putAll(fate.truths());
      lastDoubtfulAtMs = now + opts.effectiveDoubleChargeDelay().toMillis();
    }
    if (fate.paperOut()) {
      paperOutUntilMs = now + paperOutMs;
      stats.paperOuts.increment();
      heartbeat(); // say PAPER_OUT now rather than up to one interval later
    }
    busy = true;
    runSteps(fate.script(), 0);
  }

  /** Stops timers, lets pending events be acknowledged (bounded wait), then disconnects cleanly. */
  Future<Void> stop() {
    stopping = true;
    if (heartbeatTimer >= 0) {
      vertx.cancelTimer(heartbeatTimer);
    }
    Promise<Void> done = Promise.promise();
    whenDrained(System.currentTimeMillis() + 2_000, () -> {
      MqttClient c = client;
      if (c != null && c.isConnected()) {
        c.disconnect().onComplete(ar -> {
          connectionEnded(c, true);
          done.tryComplete();
        });
      } else {
        connectionEnded(c, true);
        done.tryComplete();
      }
    });
    return done.future();
  }

  // ---- connection ------------------------------------------------------------------------

  private void connect() {
    if (stopping || silent || conn != Conn.DOWN) {
      return;
    }
    conn = Conn.CONNECTING;
    MqttClientOptions o = new MqttClientOptions()
        .setClientId(id.terminal())
        .setUsername(id.terminal())
        .setCleanSession(true)
        .setKeepAliveInterval(Math.max(30, 2 * opts.heartbeatIntervalSec()))
        .setAutoKeepAlive(true)
        .setMaxInflightQueue(1_000)
        .setWillFlag(true)
        .setWillTopic(id.statusTopic())
        .setWillMessageBytes(Buffer.buffer("offline"))
        .setWillRetain(true)
        .setWillQoS(MqttQoS.AT_LEAST_ONCE.value());
    o.setConnectTimeout(10_000);
    MqttClient c = MqttClient.create(vertx, o);
    client = c;
    c.closeHandler(v -> connectionEnded(c, false));
    c.exceptionHandler(e -> LOG.debug("{}: connection error: {}", id.terminal(), e.toString()));
    c.publishHandler(m -> {
      stats.commandsReceived.increment();
      LOG.debug("{}: command on {} ({} bytes)", id.terminal(), m.topicName(), m.payload().length());
      onCommand(c, m.payload().toString(StandardCharsets.UTF_8));
    });
    c.connect(opts.port(), opts.host()).onComplete(ar -> {
      if (client != c) {
        return;
      }
      if (ar.failed()) {
        conn = Conn.DOWN;
        client = null;
        stats.connectFailures.increment();
        LOG.debug("{}: connect failed: {}", id.terminal(), ar.cause().toString());
        reconnectLater();
        return;
      }
      onConnected(c);
    });
  }

  private void onConnected(MqttClient c) {
    conn = Conn.UP;
    failedAttempts = 0;
    stats.connects.increment();
    stats.connected.incrementAndGet();
    if (stopping) {
      c.disconnect().onComplete(ar -> connectionEnded(c, true));
      return;
    }
    c.publish(id.statusTopic(), Buffer.buffer("online"), MqttQoS.AT_LEAST_ONCE, false, true);
    stats.statusPublished.increment();
    c.subscribe(id.commandTopic(), MqttQoS.AT_LEAST_ONCE.value());
    outbox.attach(c);
    heartbeat();
  }

  /** Idempotent: the first call for the current connection wins; {@code expected} = we asked for it. */
  private void connectionEnded(MqttClient c, boolean expected) {
    if (c == null || client != c) {
      return; // an older connection, or already handled
    }
    boolean wasUp = conn == Conn.UP;
    conn = Conn.DOWN;
    client = null;
    outbox.detach();
    if (wasUp) {
      stats.connected.decrementAndGet();
    }
    if (expected || stopping || silent) {
      return;
    }
    if (wasUp) {
      stats.connectionLosses.increment();
      LOG.info("{}: connection lost; reconnecting", id.terminal());
    }
    reconnectLater();
  }

  private void reconnectLater() {
    if (stopping) {
      return;
    }
    long base = Math.min(MAX_BACKOFF_MS, 500L << Math.min(failedAttempts, 16));
    failedAttempts++;
    long delay = base / 2 + (long) (rnd.nextDouble() * base / 2);
    vertx.setTimer(Math.max(1, delay), t -> connect());
  }

  // ---- heartbeats ------------------------------------------------------------------------

  private void heartbeat() {
    if (conn != Conn.UP || silent || stopping || client == null) {
      return;
    }
    long now = System.currentTimeMillis();
    int pending = backlogActive() ? backlogCount : 0;
    String json = TelemetryJson.heartbeat(now + driftMs, opts.heartbeatIntervalSec(), seq, -60 - rnd.nextInt(31), pending, id.store(),
        id.region(), paperOut() ? "PAPER_OUT" : "OK");
    client.publish(id.heartbeatTopic(), Buffer.buffer(json), MqttQoS.AT_MOST_ONCE, false, false);
    stats.heartbeats.increment();
  }

  private boolean backlogActive() {
    return backlogUntilMs > System.currentTimeMillis();
  }

  // ---- sales -----------------------------------------------------------------------------

  private String nextTxnId() {
    txnCounter++;
    return runTag + "-" + String.format("%06d", txnCounter);
  }

  private void runSteps(List<SaleStep> script, int i) {
    if (i >= script.size() || stopping) {
      busy = false;
      return;
    }
    SaleStep step = script.get(i);
    if (step.delayMs() <= 0) {
      execute(step);
      runSteps(script, i + 1);
    } else {
      vertx.setTimer(step.delayMs(), t -> {
        execute(step);
        runSteps(script, i + 1);
      });
    }
  }

  private void execute(SaleStep step) {
    if (stopping) {
      return;
    }
    long s = ++seq;
    long now = System.currentTimeMillis();
    if (step.send()) {
      outbox.offer(s, id.txnTopic(), TelemetryJson.txnEvent(step.sale(), s, step.event(), now + driftMs));
    } else {
      stats.txnLost.increment();
    }
    GroundTruthRecord r = step.truthRecord(id, s, now);
    if (r != null) {
      MoneyTruth money = MoneyTruth.isMoneyKind(r.kind()) ? moneyTruths.get(r.txn()) : null;
      truth.record(money == null ? r : r.withMoney(money));
    }
  }

  // ---- commands --------------------------------------------------------------------------

  private void onCommand(MqttClient c, String payload) {
    long now = System.currentTimeMillis();
    CommandDesk.Reply reply = commands.handle(payload, now);
    if (reply == null) {
      LOG.debug("{}: unreadable command ignored", id.terminal());
      return;
    }
    if (reply.print() != null && !stopping) {
      long s = ++seq;
      outbox.offer(s, id.txnTopic(), TelemetryJson.txnEvent(reply.print(), s, EventType.PRINTED, now + driftMs));
      stats.reprintsDone.increment();
    } else if (!reply.duplicate() && !"DONE".equals(reply.status())) {
      stats.commandsRefused.increment();
    }
    if (c.isConnected()) {
      c.publish(id.commandResultTopic(), Buffer.buffer(reply.resultJson()), MqttQoS.AT_LEAST_ONCE, false, false);
    }
  }

  private void record(FindingKind kind, String subject, String related, long atMs, String detail) {
    truth.record(new GroundTruthRecord(kind, id.merchant(), id.terminal(), subject, related, atMs, detail));
  }

  // ---- terminal-level faults -------------------------------------------------------------

  private void startBacklog() {
    long period = opts.effectiveBacklogPeriod().toMillis();
    backlogUntilMs = System.currentTimeMillis() + period;
    backlogCount = 1 + rnd.nextInt(5);
    record(FindingKind.UPLOAD_BACKLOG, null, null, System.currentTimeMillis(),
        "pendingUploads " + backlogCount + " reported for " + period + " ms, then 0");
    heartbeat(); // report the backlog now rather than up to one interval later
  }

  private void goSilent() {
    busy = true;
    silent = true;
    boolean announceOffline = rnd.nextBoolean();
    long period = opts.effectiveSilencePeriod().toMillis();
    long start = System.currentTimeMillis();
    record(FindingKind.TERMINAL_SILENT, null, null, start,
        "silent for " + period + " ms" + (announceOffline ? ", offline published first" : ", no offline published"));
    vertx.setTimer(period, t -> endSilence());
    whenDrained(start + DRAIN_MAX_MS, () -> {
      MqttClient c = client;
      if (c == null || !c.isConnected() || !silent) {
        return;
      }
      if (announceOffline) {
        stats.statusPublished.increment();
        c.publish(id.statusTopic(), Buffer.buffer("offline"), MqttQoS.AT_LEAST_ONCE, false, true)
            .onComplete(ar -> c.disconnect().onComplete(d -> connectionEnded(c, true)));
      } else {
        c.disconnect().onComplete(d -> connectionEnded(c, true));
      }
    });
  }

  private void endSilence() {
    silent = false;
    busy = false;
    if (conn == Conn.DOWN) {
      failedAttempts = 0;
      connect();
    }
  }

  /** Runs {@code then} once every txn event is acknowledged, or at {@code deadlineMs}. */
  private void whenDrained(long deadlineMs, Runnable then) {
    if (outbox.pending() == 0 || conn != Conn.UP || System.currentTimeMillis() >= deadlineMs) {
      then.run();
    } else {
      vertx.setTimer(DRAIN_POLL_MS, t -> whenDrained(deadlineMs, then));
    }
  }

  /** Test hook: seqs consumed so far. */
  long lastSeq() {
    return seq;
  }

  @Override
  public String toString() {
    return id.terminal() + " conn=" + conn + " busy=" + busy + " silent=" + silent + " seq=" + seq + " pending=" + outbox.pending();
  }
}
