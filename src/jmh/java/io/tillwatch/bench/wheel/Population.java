package io.tillwatch.bench.wheel;

import java.util.SplittableRandom;

/**
 * The shared script of the deadline benchmarks: initial deadlines of the open population and the
 * sequence of (which deadline, new delay) operations, drawn once from a fixed seed so both
 * structures replay exactly the same work. Delays are 10..30 minutes on the structure's clock, so
 * nothing comes due while a benchmark runs; indices are uniform, so with millions of deadlines
 * most operations touch memory that is not in cache, as the engine does when events arrive for
 * random sales.
 */
final class Population {
  static final int OPS = 1 << 20;
  static final long MIN_DELAY_MS = 600_000;
  static final long SPAN_MS = 1_200_000;

  final int size;
  final int[] target = new int[OPS];
  final long[] delay = new long[OPS];
  private final SplittableRandom rnd = new SplittableRandom(2026);

  Population(int size) {
    this.size = size;
    for (int i = 0; i < OPS; i++) {
      target[i] = rnd.nextInt(size);
      delay[i] = initialDelay();
    }
  }

  long initialDelay() {
    return MIN_DELAY_MS + rnd.nextLong(SPAN_MS);
  }
}
