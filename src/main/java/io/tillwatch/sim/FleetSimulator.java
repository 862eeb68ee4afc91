package io.tillwatch.sim;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet of simulated payment terminals publishing contract telemetry over MQTT, with faults
 * injected at the configured rates and written down as ground truth.
 *
 * <p>The fleet is split into shards, one verticle (event loop) each, up to the number of cores;
 * terminal i goes to shard i mod k. {@link #start} returns once the shards are deployed; terminals
 * then connect at the configured rate. Connection failures are retried with backoff and counted in
 * {@link #stats()}, never failing the simulator.
 *
 * <pre>{@code
 * FleetSimulator sim = FleetSimulator.start(vertx, SimulatorOptions.demo("localhost", 1883)).await();
 * ... sim.stats().summary() ...
 * sim.stop().await();
 * }</pre>
 */
public final class FleetSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);

  private final Vertx vertx;
  private final SimulatorOptions opts;
  private final SimStats stats;
  private final GroundTruth truth;
  private final AcquirerLedger ledger;
  private final List<String> deployments;
  private final Promise<Void> finished = Promise.promise();
  private long durationTimer = -1;
  private final List<TerminalShard> shards = new ArrayList<>();
  private Future<Void> stopping;

  private FleetSimulator(Vertx vertx, SimulatorOptions opts, SimStats stats, GroundTruth truth, AcquirerLedger ledger,
      List<String> deployments) {
    this.vertx = vertx;
    this.opts = opts;
    this.stats = stats;
    this.truth = truth;
    this.ledger = ledger;
    this.deployments = deployments;
  }

  public static Future<FleetSimulator> start(Vertx vertx, SimulatorOptions opts) {
    return start(vertx, opts, new AcquirerLedger());
  }

  /** As {@link #start(Vertx, SimulatorOptions)}, booking every sale in {@code ledger} (e.g. one a simulated back office answers from). */
  public static Future<FleetSimulator> start(Vertx vertx, SimulatorOptions opts, AcquirerLedger ledger) {
    GroundTruth truth;
    try {
      truth = opts.groundTruthPath() != null ? GroundTruth.toFile(opts.groundTruthPath()) : GroundTruth.inMemory();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    SimStats stats = new SimStats();
    String runTag = Long.toString(System.currentTimeMillis() / 1000, 36);
    int shards = Math.max(1, Math.min(opts.terminals(), Runtime.getRuntime().availableProcessors()));
    List<List<Integer>> slices = new ArrayList<>();
    List<List<FaultKind>> primes = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      slices.add(new ArrayList<>());
      primes.add(new ArrayList<>());
    }
    for (int i = 0; i < opts.terminals(); i++) {
      slices.get(i % shards).add(i);
    }
    if (opts.primeFaults()) {
      int p = 0;
      for (FaultKind k : FaultKind.values()) {
        if (opts.faults().rate(k) > 0) {
          primes.get(p++ % shards).add(k);
        }
      }
    }
    List<Future<String>> deployed = new ArrayList<>();
    List<TerminalShard> shardList = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      TerminalShard shard = new TerminalShard(opts, slices.get(s), primes.get(s), stats, truth, ledger, runTag);
      shardList.add(shard);
      deployed.add(vertx.deployVerticle(shard));
    }
    return Future.all(deployed).map(cf -> {
      List<String> ids = new ArrayList<>();
      for (Future<String> f : deployed) {
        ids.add(f.result());
      }
      FleetSimulator sim = new FleetSimulator(vertx, opts, stats, truth, ledger, ids);
      sim.shards.addAll(shardList);
      LOG.info("simulating {} terminals of {} merchants on {} shards against {}:{}, {} sales/s, faults {}, run {}",
          opts.terminals(), opts.merchants(), shards, opts.host(), opts.port(), opts.salesPerSecond(), opts.faults(), runTag);
      if (opts.duration() != null) {
        sim.durationTimer = vertx.setTimer(opts.duration().toMillis(), t -> sim.stop());
      }
      return sim;
    }).recover(e -> {
      truth.close();
      for (Future<String> f : deployed) {
        if (f.succeeded()) {
          vertx.undeploy(f.result());
        }
      }
      return Future.failedFuture(e);
    });
  }

  public SimStatsSnapshot stats() {
    return stats.snapshot();
  }

  /** The faults injected so far (also in the ground-truth file when one was configured). */
  public GroundTruth groundTruth() {
    return truth;
  }

  /** What really happened at the acquirer for every sale so far. */
  public AcquirerLedger ledger() {
    return ledger;
  }

  public SimulatorOptions options() {
    return opts;
  }

  /**
   * No new sales from now on; terminals stay connected, heartbeat and obey commands, so what the
   * sales already started (findings, back-office look-ups, reprints) can play out before a score.
   */
  public void stopSales() {
    shards.forEach(TerminalShard::stopSales);
  }

  /** Completes when the simulator has stopped (by {@link #stop()} or at the end of its duration). */
  public Future<Void> completion() {
    return finished.future();
  }

  /** Disconnects every terminal cleanly (MQTT DISCONNECT, so no Last Will) and closes the ground truth. Idempotent. */
  public synchronized Future<Void> stop() {
    if (stopping != null) {
      return stopping;
    }
    if (durationTimer >= 0) {
      vertx.cancelTimer(durationTimer);
    }
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : deployments) {
      undeploys.add(vertx.undeploy(id));
    }
    stopping = Future.join(undeploys).<Void>mapEmpty().eventually(() -> {
      truth.close();
      LOG.info("simulator stopped: {}", stats.snapshot().summary());
      return Future.succeededFuture();
    }).onComplete(finished);
    return stopping;
  }
}
