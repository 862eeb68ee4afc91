package io.tillwatch.bench.engine;

import io.tillwatch.bench.peer.PeerAgreement;
import io.tillwatch.bench.peer.TxnMessage;
import io.tillwatch.bench.peer.ValidatingPeer;
import io.tillwatch.engine.ApplyResult;
import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
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
 * What it measures: TillWatch's decoder + engine against a peer that does the same job with the
 * usual Java stack, on {@link PipelineBench}'s input (the same {@link SaleStream}: 2000 terminals,
 * one event per op, fresh engine on wrap). {@code tillwatch} is {@code PipelineBench.decodeAndApply}:
 * {@link TelemetryDecoder#decode}, then {@link DetectionEngine#onTxnEvent}. {@code validatingPeer}
 * is {@link ValidatingPeer}: Jackson databind into the {@link TxnMessage} record, Hibernate
 * Validator with the contract's constraints and a regex + Luhn card-number scan over every text
 * (unknown fields included), then the resulting {@link TxnEvent} into the same engine.
 *
 * <p>Why it is fair: the peer enforces the same rules (checked in setup by {@link PeerAgreement},
 * which fails the trial on any disagreement: refused cases, card-number scan, and equal records for
 * the first 50,000 events of the stream), ends in the same record, and the engine part is
 * identical code on both sides, so the ratio is about decoding and validating. Each side has its
 * own engine, so neither inherits the other's state. {@code validatingPeerFastTime} is the peer
 * with TillWatch's RFC 3339 fast path instead of {@code OffsetDateTime.parse}: the JDK parse is
 * what a Jackson user gets, but it is the single largest cost, and this shows how much of the
 * ratio it is. {@code peerBindOnly} (databind alone, no validation, no engine) splits the peer.
 *
 * <p>Secondary {@code cpuNsPerOp}: the benchmark thread's own CPU time per operation. On a shared,
 * overloaded machine the wall-clock score mostly measures how long the thread waited for a core;
 * CPU time leaves that out (it also leaves out the GC threads' work, which favours the side that
 * allocates more: the peer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ValidatingPeerBench {
  private static final int MAX_PAYLOAD = 16 * 1024;

  @Param({"2000"})
  public int terminals;

  @Param({"1048576"})
  public int events;

  private EngineFeed feed;
  private SaleStream stream;
  private final TelemetryDecoder decoder = new TelemetryDecoder(MAX_PAYLOAD);
  private ValidatingPeer peer;

  @Setup(Level.Trial)
  public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
    feed = new EngineFeed(terminals, events);
    stream = feed.stream;
    peer = new ValidatingPeer(MAX_PAYLOAD, params.getBenchmark().endsWith("FastTime"));
    List<String> d = PeerAgreement.disagreements(decoder, peer, stream.topics, stream.payloads, 50_000);
    if (!d.isEmpty()) {
      throw new IllegalStateException("the peer does not do TillWatch's job: " + d);
    }
  }

  /**
   * The benchmark thread's CPU time per operation, per iteration (fixtures run on that thread).
   * JMH's own score for it is the SUM over the iterations; scripts/jmh_ratios.py takes their mean.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    public double cpuNsPerOp;
    long ops;
    private long opsAtStart;
    private long cpuAtStart;

    @Setup(Level.Iteration)
    public void start() {
      opsAtStart = ops;
      cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void end() {
      cpuNsPerOp = (double) (THREADS.getCurrentThreadCpuTime() - cpuAtStart) / Math.max(1, ops - opsAtStart);
    }
  }

  @TearDown(Level.Trial)
  public void report() {
    System.out.print(feed.report());
    peer.close();
  }

  @Benchmark
  public ApplyResult tillwatch(CpuTime cpu) throws Exception {
    cpu.ops++;
    int j = feed.next();
    TxnEvent e = (TxnEvent) decoder.decode(stream.topics[j], stream.payloads[j]);
    return feed.engine.onTxnEvent(e, stream.receivedAt(j));
  }

  @Benchmark
  public ApplyResult validatingPeer(CpuTime cpu) throws Exception {
    cpu.ops++;
    int j = feed.next();
    TxnEvent e = peer.decode(stream.topics[j], stream.payloads[j]);
    return feed.engine.onTxnEvent(e, stream.receivedAt(j));
  }

  @Benchmark
  public ApplyResult validatingPeerFastTime(CpuTime cpu) throws Exception {
    return validatingPeer(cpu);
  }

  @Benchmark
  public TxnMessage peerBindOnly(CpuTime cpu) throws Exception {
    cpu.ops++;
    return peer.bind(stream.payloads[feed.next()]);
  }
}
