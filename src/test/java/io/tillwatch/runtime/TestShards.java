package io.tillwatch.runtime;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.ingest.LogLimiter;
import io.tillwatch.metrics.ShardMetrics;
import java.time.Clock;
import java.time.Duration;

/** Engine shards as the tests of recovery and resolution need them: no metrics, nothing uncommitted, every warning logged. */
final class TestShards {
  private TestShards() {}

  static EngineShards create(int count, DetectionSettings settings, FindingSink sink, Clock clock) {
    return EngineShards.create(count, settings, sink, clock, ShardMetrics.NONE, () -> 0,
        new UncheckedSalesLog(new LogLimiter(Duration.ZERO, Ticker.systemTicker()), settings.maxSalesPerTerminal()));
  }
}
