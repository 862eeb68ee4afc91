package io.tillwatch.engine;

import java.util.function.Consumer;

/**
 * Benchmark-only public face of the package-private {@link DeadlineWheel} (it lives in the engine's
 * package on the benchmark class path; main code is unchanged). Every method is a one-line
 * delegation that the JIT inlines, so the benchmark measures the wheel itself.
 */
public final class BenchWheel {
  /** A bare schedulable object: what a sale or terminal is to the wheel, without their fields. */
  public static final class Node extends DeadlineNode {
    public boolean scheduled() {
      return isScheduled();
    }
  }

  private final DeadlineWheel wheel;

  /** The engine's own shape: see {@code DetectionEngine} (tick 100 ms, 16384 buckets). */
  public BenchWheel(long tickMs, int wheelSize, long nowMs) {
    this.wheel = new DeadlineWheel(tickMs, wheelSize, nowMs);
  }

  public void schedule(Node n, long deadlineMs) {
    wheel.schedule(n, deadlineMs);
  }

  public void cancel(Node n) {
    wheel.cancel(n);
  }

  public int size() {
    return wheel.size();
  }

  public int advanceTo(long nowMs, Consumer<Object> fire) {
    return wheel.advanceTo(nowMs, fire);
  }
}
