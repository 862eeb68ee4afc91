package io.tillwatch.metrics;

import io.tillwatch.engine.EngineStats;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine counts as the gauges read them: summed at most every {@code maxAgeMs} (the sum visits
 * every shard or partition), and each fresh sum's currencies handed on, so each gets its gauge.
 */
final class EngineStatsMemo implements Supplier<EngineStats> {
  private final Supplier<EngineStats> source;
  private final long maxAgeNanos;
  private final Consumer<Map<String, Long>> currenciesSeen;
  private volatile EngineStats last;
  private volatile long takenAtNanos;

  EngineStatsMemo(Supplier<EngineStats> source, long maxAgeMs, Consumer<Map<String, Long>> currenciesSeen) {
    this.source = source;
    this.maxAgeNanos = maxAgeMs * 1_000_000;
    this.currenciesSeen = currenciesSeen;
  }

  @Override
  public EngineStats get() {
    long now = System.nanoTime();
    EngineStats s = last;
    if (s == null || now - takenAtNanos >= maxAgeNanos) {
      s = source.get();
      last = s;
      takenAtNanos = now;
      currenciesSeen.accept(s.amountAtRisk());
    }
    return s;
  }
}
