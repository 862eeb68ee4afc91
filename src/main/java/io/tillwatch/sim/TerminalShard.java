package io.tillwatch.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A slice of the fleet on one event loop: connects its terminals at its share of the connect rate
 * and dispatches its share of the open-loop sales rate.
 *
 * <p>Design notes. Sales are open loop: a 10 ms tick adds {@code rate x elapsed} to a running
 * credit and starts one sale per whole unit, so the offered load does not depend on how fast the
 * server answers. Each sale goes round-robin to the next idle terminal that may take its fault;
 * when no terminal is idle the sale is counted as skipped (the fleet is saturated), never queued.
 * A fault no idle terminal may take becomes a normal sale, except primed faults, which wait for
 * the next dispatch. Connects use the same credit scheme, so 10 000 terminals arrive as a ramp
 * instead of a stampede.
 */
final class TerminalShard extends VerticleBase {
  private static final long TICK_MS = 10;

  private final SimulatorOptions opts;
  private final List<Integer> indexes;
  private final SimStats stats;
  private final GroundTruth truth;
  private final AcquirerLedger ledger;
  private final String runTag;
  private final double salesRate;
  private final double connectRate;
  private final ArrayDeque<FaultKind> primes;
  private final List<SimulatedTerminal> terminals = new ArrayList<>();
  private Random rnd;
  private long tickTimer = -1;
  private long lastTickNanos;
  private double salesCredit;
  private volatile boolean salesStopped;
  private double connectCredit;
  private int nextToConnect;
  private int cursor;

  TerminalShard(SimulatorOptions opts, List<Integer> indexes, List<FaultKind> primes, SimStats stats, GroundTruth truth,
      AcquirerLedger ledger, String runTag) {
    this.opts = opts;
    this.indexes = List.copyOf(indexes);
    this.primes = new ArrayDeque<>(primes);
    this.stats = stats;
    this.truth = truth;
    this.ledger = ledger;
    this.runTag = runTag;
    double share = (double) indexes.size() / opts.terminals();
    this.salesRate = opts.salesPerSecond() * share;
    this.connectRate = opts.connectsPerSecond() * share;
  }

  @Override
  public Future<?> start() {
    rnd = new Random(opts.seed() ^ (indexes.isEmpty() ? 0 : indexes.get(0) * 7919L));
    for (int i : indexes) {
      terminals.add(new SimulatedTerminal(vertx, opts, i, stats, truth, ledger, runTag));
    }
    connectCredit = 1; // the first terminal connects at once
    lastTickNanos = System.nanoTime();
    tickTimer = vertx.setPeriodic(TICK_MS, t -> tick());
    tick();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (tickTimer >= 0) {
      vertx.cancelTimer(tickTimer);
    }
    List<Future<Void>> stops = new ArrayList<>();
    for (SimulatedTerminal t : terminals) {
      stops.add(t.stop());
    }
    return Future.join(stops);
  }

  /** No new sales from the next tick on; the terminals carry on otherwise. */
  void stopSales() {
    salesStopped = true;
  }

  private void tick() {
    long now = System.nanoTime();
    double elapsedSec = (now - lastTickNanos) / 1e9;
    lastTickNanos = now;
    if (nextToConnect < terminals.size()) {
      connectCredit += connectRate * elapsedSec;
      while (connectCredit >= 1 && nextToConnect < terminals.size()) {
        connectCredit -= 1;
        terminals.get(nextToConnect++).start();
      }
    }
    if (salesStopped) {
      return;
    }
    salesCredit += salesRate * elapsedSec;
    while (salesCredit >= 1) {
      salesCredit -= 1;
      dispatch();
    }
  }

  private void dispatch() {
    FaultKind primed = primes.peek();
    if (primed != null) {
      SimulatedTerminal t = find(primed);
      if (t != null) {
        primes.poll();
        t.runSale(primed, true);
        return;
      }
    }
    FaultKind fault = opts.faults().pick(rnd.nextDouble());
    SimulatedTerminal t = find(fault);
    if (t == null && fault != null) {
      fault = null;
      t = find(null);
    }
    if (t == null) {
      stats.salesSkipped.increment();
      return;
    }
    t.runSale(fault);
  }

  /** Round-robin from the cursor: the next terminal that may take the fault, or null. */
  private SimulatedTerminal find(FaultKind fault) {
    int n = terminals.size();
    for (int k = 0; k < n; k++) {
      SimulatedTerminal t = terminals.get((cursor + k) % n);
      if (t.canTake(fault)) {
        cursor = (cursor + k + 1) % n;
        return t;
      }
    }
    return null;
  }
}
