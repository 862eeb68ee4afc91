package io.tillwatch.tools.load;

import io.tillwatch.sim.GroundTruth;
import io.tillwatch.sim.SaleStream;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Recorder;

/**
 * A slice of the load connections on one event loop: ramps their connects, then paces their
 * publishes open loop or closed loop.
 *
 * <p>Design notes. Open loop: a 1 ms tick walks a fixed schedule of intended send times (one every
 * 1/rate s) and hands each to a connection with room. When none has room the send time waits in
 * {@code late} and goes out with the next freed slot, still carrying its intended time, so the
 * latency of a saturated server includes the wait (no coordinated omission). {@code ready} holds
 * each connection with a free slot once, in turn, so finding one is O(1) even with 10 000 full ones
 * and sends go round robin, one per connection per turn, as tills send. (It used to hold one entry
 * per free slot, a connection's slots side by side: each connection sent its whole window at once
 * and then waited a full turn. At 2,000 connections, window 10 and 3,970 events/s that was 10
 * events every 5.04 s, so a sale's AUTHORIZED and PRINTED could arrive 5 s apart and the daemon
 * rightly raised findings the ground truth did not expect.) Closed loop:
 * every PUBACK sends the next event on the same connection at once, and latency is from that send.
 * Connects use a credit per tick so thousands of connections arrive as a ramp.
 */
final class LoadShard extends VerticleBase implements LoadConnection.Listener {
  private static final long CONNECT_TICK_MS = 10;
  /** Late sends beyond this are shed and counted: a server this far behind has shown its limit. */
  private static final int MAX_LATE = 2_000_000;

  private final LoadOptions opts;
  private final List<Integer> indexes;
  private final double rate;
  private final double connectRate;
  private final LoadStats stats;
  private final Recorder latencyMicros;
  private final GroundTruth truth;
  private final String runTag;
  private final List<LoadConnection> connections = new ArrayList<>();
  private final ArrayDeque<LoadConnection> ready = new ArrayDeque<>();
  private final ArrayDeque<Long> late = new ArrayDeque<>();
  private long connectTimer = -1;
  private long paceTimer = -1;
  private double connectCredit;
  private long lastConnectTick;
  private int nextToConnect;
  private boolean loadOn;
  private double nextDueNanos;
  private double intervalNanos;

  LoadShard(LoadOptions opts, List<Integer> indexes, LoadStats stats, Recorder latencyMicros, GroundTruth truth, String runTag) {
    this.opts = opts;
    this.indexes = List.copyOf(indexes);
    double share = (double) indexes.size() / opts.fleet().terminals();
    this.rate = opts.closedLoop() ? 0 : opts.rate() * share;
    this.connectRate = opts.fleet().connectsPerSecond() * share;
    this.stats = stats;
    this.latencyMicros = latencyMicros;
    this.truth = truth;
    this.runTag = runTag;
  }

  @Override
  public Future<?> start() {
    for (int i : indexes) {
      connections.add(new LoadConnection(vertx, opts, SaleStream.of(opts.fleet(), i, truth, runTag), stats, latencyMicros, this));
    }
    connectCredit = 1;
    lastConnectTick = System.nanoTime();
    connectTimer = vertx.setPeriodic(CONNECT_TICK_MS, t -> connectSome());
    connectSome();
    return Future.succeededFuture();
  }

  /** Runs {@code r} on this shard's event loop. */
  void onLoop(Runnable r) {
    context.runOnContext(v -> r.run());
  }

  /** On the shard's loop: start publishing. */
  void startLoad() {
    loadOn = true;
    if (opts.closedLoop()) {
      for (LoadConnection c : connections) {
        fill(c);
      }
    } else if (rate > 0) {
      intervalNanos = 1e9 / rate;
      nextDueNanos = System.nanoTime();
      paceTimer = vertx.setPeriodic(1, t -> pace());
    }
  }

  /** On the shard's loop: stop new sales, let each connection finish its sale and drain, then disconnect. */
  Future<Void> stopLoad(long deadlineMs) {
    loadOn = false;
    if (paceTimer >= 0) {
      vertx.cancelTimer(paceTimer);
    }
    if (connectTimer >= 0) {
      vertx.cancelTimer(connectTimer);
    }
    List<Future<Void>> finishing = new ArrayList<>();
    for (LoadConnection c : connections) {
      finishing.add(c.finish(deadlineMs));
    }
    return Future.join(finishing).mapEmpty();
  }

  /** Open loop: intended sends that never went out (read on the shard's loop). */
  int late() {
    return late.size();
  }

  @Override
  public void up(LoadConnection c) {
    if (opts.closedLoop() && loadOn) {
      fill(c);
      return;
    }
    enqueue(c);
    if (loadOn) {
      sendLate();
    }
  }

  @Override
  public void roomFreed(LoadConnection c) {
    if (!loadOn) {
      return;
    }
    if (opts.closedLoop()) {
      c.send(System.nanoTime());
    } else {
      enqueue(c);
      sendLate();
    }
  }

  /** Open loop: one send on {@code c}, which then waits its turn behind the others with room. */
  private void sendOn(LoadConnection c, long intendedNanos) {
    c.send(intendedNanos);
    if (c.hasRoom()) {
      enqueue(c);
    }
  }

  private void enqueue(LoadConnection c) {
    if (!c.queued) {
      c.queued = true;
      ready.add(c);
    }
  }

  private void fill(LoadConnection c) {
    while (c.hasRoom()) {
      c.send(System.nanoTime());
    }
  }

  private void pace() {
    long now = System.nanoTime();
    while (nextDueNanos <= now) {
      long due = (long) nextDueNanos;
      nextDueNanos += intervalNanos;
      LoadConnection c = nextReady();
      if (c != null) {
        sendOn(c, due);
      } else if (late.size() < MAX_LATE) {
        late.add(due);
      } else {
        stats.shed.increment();
      }
    }
  }

  private void sendLate() {
    LoadConnection c;
    while (!late.isEmpty() && (c = nextReady()) != null) {
      sendOn(c, late.poll());
    }
  }

  /** A connection with a free slot, skipping entries left by connections that closed meanwhile. */
  private LoadConnection nextReady() {
    LoadConnection c;
    while ((c = ready.poll()) != null) {
      c.queued = false;
      if (c.hasRoom()) {
        return c;
      }
    }
    return null;
  }

  private void connectSome() {
    long now = System.nanoTime();
    connectCredit += connectRate * (now - lastConnectTick) / 1e9;
    lastConnectTick = now;
    while (connectCredit >= 1 && nextToConnect < connections.size()) {
      connectCredit -= 1;
      connections.get(nextToConnect++).connect();
    }
    if (nextToConnect >= connections.size() && connectTimer >= 0) {
      vertx.cancelTimer(connectTimer);
      connectTimer = -1;
    }
  }
}
