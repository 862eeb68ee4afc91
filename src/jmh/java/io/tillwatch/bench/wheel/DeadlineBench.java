package io.tillwatch.bench.wheel;

import io.netty.util.Timeout;
import io.tillwatch.engine.BenchWheel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What it measures: one cancel plus one schedule (a deadline replaced: what the engine does when an
 * event moves a sale's next deadline) with 1M or 10M deadlines already pending, for the engine's
 * {@code DeadlineWheel} (intrusive nodes, O(1) unlink, caller's thread only) and Netty's
 * {@code HashedWheelTimer} ({@code Timeout.cancel()} + {@code newTimeout}).
 *
 * <p>Why it is fair: both replay the same {@link Population} script (same targets, same delays),
 * keep the population constant, and run in the same JVM settings. Netty's two calls only enqueue:
 * its worker thread later moves new timeouts into buckets and unlinks cancelled ones. The primary
 * score is therefore PRODUCER-SIDE time only (Netty's best light); the worker's CPU time during the
 * iteration, measured after waiting for it to drain both queues, is reported per operation as the
 * secondary {@code workerCpuNsPerOp} (it includes the worker's 1 ms tick scans, about idle cost;
 * {@code idleWorkerCpuNsPerSec} gives that idle rate). Producer + worker is Netty's total CPU per
 * operation. The engine's wheel has no second thread: its score is its whole cost.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class DeadlineBench {

  /** The engine's wheel with {@code population} deadlines pending. */
  @State(Scope.Thread)
  public static class WheelState {
    @Param({"1000000", "10000000"})
    public int population;

    Population script;
    BenchWheel wheel;
    BenchWheel.Node[] nodes;
    int cursor;

    @Setup(Level.Trial)
    public void setUp() {
      script = new Population(population);
      wheel = new BenchWheel(100, 1 << 14, 0); // the engine's tick and size
      nodes = new BenchWheel.Node[population];
      for (int i = 0; i < population; i++) {
        nodes[i] = new BenchWheel.Node();
        wheel.schedule(nodes[i], script.initialDelay());
      }
    }
  }

  /**
   * Netty's timer with {@code population} timeouts pending (already moved into its buckets), and
   * its worker's accounting: the public fields are JMH counters read after each iteration (EVENTS:
   * reported as they are, not divided by time). JMH zeroes them after the iteration setup, so both
   * are set in the iteration teardown.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class NettyState {
    @Param({"1000000", "10000000"})
    int population;

    public double workerCpuNsPerOp;
    public double idleWorkerCpuNsPerSec;

    Population script;
    NettyTimer netty;
    Timeout[] timeouts;
    int cursor;
    private long cpuAtStart;
    private int cursorAtStart;
    private double idleRate;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      script = new Population(population);
      netty = new NettyTimer();
      timeouts = new Timeout[population];
      for (int i = 0; i < population; i++) {
        timeouts[i] = netty.timer.newTimeout(NettyTimer.NOTHING, script.initialDelay(), TimeUnit.MILLISECONDS);
      }
      netty.awaitDrained();
    }

    @Setup(Level.Iteration)
    public void startIteration() throws InterruptedException {
      netty.awaitDrained();
      long idle0 = netty.workerCpuNanos();
      long wall0 = System.nanoTime();
      Thread.sleep(200);
      idleRate = (netty.workerCpuNanos() - idle0) * 1e9 / (System.nanoTime() - wall0);
      cpuAtStart = netty.workerCpuNanos();
      cursorAtStart = cursor;
    }

    /** Charges the worker's CPU, once it has processed everything this iteration queued, to its ops. */
    @TearDown(Level.Iteration)
    public void endIteration() throws InterruptedException {
      netty.awaitDrained();
      workerCpuNsPerOp = (double) (netty.workerCpuNanos() - cpuAtStart) / Math.max(1, cursor - cursorAtStart);
      idleWorkerCpuNsPerSec = idleRate;
      System.out.printf("[netty worker: %.1f ns CPU per op, idle %.0f us CPU per s, pending %d]%n",
          workerCpuNsPerOp, idleRate / 1e3, netty.timer.pendingTimeouts());
    }
  }

  @Benchmark
  public BenchWheel.Node tillwatchWheel(WheelState s) {
    int k = s.cursor++ & (Population.OPS - 1);
    BenchWheel.Node n = s.nodes[s.script.target[k]];
    s.wheel.cancel(n);
    s.wheel.schedule(n, s.script.delay[k]);
    return n;
  }

  @Benchmark
  public Timeout nettyTimer(NettyState s) {
    int k = s.cursor++ & (Population.OPS - 1);
    int i = s.script.target[k];
    s.timeouts[i].cancel();
    Timeout t = s.netty.timer.newTimeout(NettyTimer.NOTHING, s.script.delay[k], TimeUnit.MILLISECONDS);
    s.timeouts[i] = t;
    return t;
  }
}
