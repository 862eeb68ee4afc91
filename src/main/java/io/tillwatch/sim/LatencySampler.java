package io.tillwatch.sim;

import java.util.Arrays;
import java.util.Random;

/**
 * Publish-to-PUBACK latencies as a fixed-size uniform reservoir (Vitter's algorithm R), so memory
 * stays bounded however long the simulation runs; percentiles come from sorting a copy.
 * Thread-safe (terminals record from several event loops); the lock is held for a few nanoseconds.
 */
final class LatencySampler {
  private final long[] reservoir;
  private final Random rnd = new Random(7);
  private long count;
  private long maxNanos;

  LatencySampler(int capacity) {
    this.reservoir = new long[capacity];
  }

  synchronized void record(long nanos) {
    count++;
    maxNanos = Math.max(maxNanos, nanos);
    if (count <= reservoir.length) {
      reservoir[(int) (count - 1)] = nanos;
    } else {
      long slot = (long) (rnd.nextDouble() * count);
      if (slot < reservoir.length) {
        reservoir[(int) slot] = nanos;
      }
    }
  }

  /** p50, p90, p99, p999 and max in milliseconds; zeros when nothing was recorded. */
  synchronized double[] percentilesMs() {
    int n = (int) Math.min(count, reservoir.length);
    if (n == 0) {
      return new double[5];
    }
    long[] sorted = Arrays.copyOf(reservoir, n);
    Arrays.sort(sorted);
    return new double[] {ms(at(sorted, 0.50)), ms(at(sorted, 0.90)), ms(at(sorted, 0.99)), ms(at(sorted, 0.999)), ms(maxNanos)};
  }

  synchronized long count() {
    return count;
  }

  private static long at(long[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long nanos) {
    return nanos / 1_000_000.0;
  }
}
