package io.tillwatch.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of the simulator, shared by all terminals (lock-free adders). */
final class SimStats {
  final LongAdder salesStarted = new LongAdder();
  final LongAdder salesSkipped = new LongAdder();
  final LongAdder txnPublished = new LongAdder();
  final LongAdder txnAcked = new LongAdder();
  final LongAdder txnLost = new LongAdder();
  final LongAdder txnRedelivered = new LongAdder();
  final LongAdder heartbeats = new LongAdder();
  final LongAdder statusPublished = new LongAdder();
  final LongAdder commandsReceived = new LongAdder();
  final LongAdder reprintsDone = new LongAdder();
  final LongAdder commandsRefused = new LongAdder();
  final LongAdder paperOuts = new LongAdder();
  final LongAdder connects = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  final LongAdder connectionLosses = new LongAdder();
  final AtomicInteger connected = new AtomicInteger();
  final AtomicLongArray faults = new AtomicLongArray(FaultKind.values().length);
  final LatencySampler latency = new LatencySampler(1 << 16);
  private final long startNanos = System.nanoTime();

  void fault(FaultKind kind) {
    faults.incrementAndGet(kind.ordinal());
  }

  SimStatsSnapshot snapshot() {
    Map<FaultKind, Long> f = new EnumMap<>(FaultKind.class);
    for (FaultKind k : FaultKind.values()) {
      f.put(k, faults.get(k.ordinal()));
    }
    double[] p = latency.percentilesMs();
    return new SimStatsSnapshot(
        (System.nanoTime() - startNanos) / 1_000_000L,
        connected.get(), connects.sum(), connectFailures.sum(), connectionLosses.sum(),
        salesStarted.sum(), salesSkipped.sum(),
        txnPublished.sum(), txnAcked.sum(), txnLost.sum(), txnRedelivered.sum(),
        heartbeats.sum(), statusPublished.sum(), commandsReceived.sum(), reprintsDone.sum(), commandsRefused.sum(),
        java.util.Collections.unmodifiableMap(f), p[0], p[1], p[2], p[3], p[4]);
  }
}
