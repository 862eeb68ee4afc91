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
 * (firing due deadlines), publishes a fresh stats snapshot for the metric gauges, and measures
 * how late it ran (event-loop lag).
 */
final class ShardVerticle extends VerticleBase {
  private final DetectionEngine engine;
  private final Clock clock;
  private final long tickMs;
  private final long statsEveryMs;
  private volatile EngineStats stats;
  private volatile Context shardContext;
  private final java.util.function.LongConsumer lagNanos;
  private long lastStatsMs;
  private long lastTickNanos;

  ShardVerticle(DetectionEngine engine, Clock clock, long tickMs, long statsEveryMs, java.util.function.LongConsumer lagNanos) {
    this.engine = engine;
    this.clock = clock;
    this.tickMs = tickMs;
    this.statsEveryMs = statsEveryMs;
    this.lagNanos = lagNanos;
    this.stats = engine.stats();
  }

  @Override
  public Future<?> start() {
    shardContext = context;
    lastTickNanos = System.nanoTime();
    vertx.setPeriodic(tickMs, id -> tick());
    return Future.succeededFuture();
  }

  private void tick() {
    // The tick is due every tickMs; how late it runs is how long this event loop was busy elsewhere.
    long t = System.nanoTime();
    lagNanos.accept(t - lastTickNanos - tickMs * 1_000_000);
    lastTickNanos = t;
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
