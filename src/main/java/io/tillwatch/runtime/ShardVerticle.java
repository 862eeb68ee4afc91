package io.tillwatch.runtime;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.EngineStats;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;

/**
 * Owns one {@link DetectionEngine} on one event loop: every call into the engine runs on this
 * verticle's context, so the engine needs no locks. A periodic tick advances the engine's clock
 * (firing due deadlines) and publishes a fresh stats snapshot for the metric gauges.
 */
final class ShardVerticle extends VerticleBase {
  private final DetectionEngine engine;
  private final Clock clock;
  private final long tickMs;
  private final long statsEveryMs;
  private volatile EngineStats stats;
  private volatile Context shardContext;
  private long lastStatsMs;

  ShardVerticle(DetectionEngine engine, Clock clock, long tickMs, long statsEveryMs) {
    this.engine = engine;
    this.clock = clock;
    this.tickMs = tickMs;
    this.statsEveryMs = statsEveryMs;
    this.stats = engine.stats();
  }

  @Override
  public Future<?> start() {
    shardContext = context;
    vertx.setPeriodic(tickMs, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    long now = clock.millis();
    engine.advanceTo(now);
    if (now - lastStatsMs >= statsEveryMs) {
      lastStatsMs = now;
      stats = engine.stats();
    }
  }

  DetectionEngine engine() {
    return engine;
  }

  Context context() {
    return shardContext;
  }

  EngineStats stats() {
    return stats;
  }
}
