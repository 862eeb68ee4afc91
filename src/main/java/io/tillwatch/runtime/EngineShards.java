package io.tillwatch.runtime;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.EngineStats;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Liveness;
import io.tillwatch.engine.TerminalFilter;
import io.tillwatch.engine.TerminalList;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.engine.TerminalView;
import io.tillwatch.ingest.TelemetryConsumer;
import io.tillwatch.ingest.TerminalLoops;
import io.tillwatch.metrics.ShardMetrics;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.StatusChange;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The detection engines, one per shard, with terminals spread across shards by a hash of
 * (merchant, terminal): single writer per terminal, shards scale with cores.
 *
 * <p>Life cycle: {@link #create} builds the engines; recovery feeds them directly on the calling
 * thread ({@link #engineFor}) before {@link #deploy} puts each on its own event loop. From then
 * on every call hops onto the owning shard's context. As {@link TerminalLoops} the shards also run
 * the ingest work of a terminal's messages (broker mode), so a terminal has one owner for both.
 */
public final class EngineShards implements TelemetryConsumer, TerminalQueries, TerminalLoops {
  private static final long STATS_EVERY_MS = 1000;

  private final ShardVerticle[] shards;

  private EngineShards(ShardVerticle[] shards) {
    this.shards = shards;
  }

  /**
   * @param uncommittedAgeMs age of the oldest journal write not yet committed (holds deadlines back; see ShardVerticle)
   * @param unchecked where the shards name a terminal whose new sales they do not check
   */
  public static EngineShards create(int count, DetectionSettings settings, FindingSink sink, Clock clock,
      ShardMetrics metrics, java.util.function.LongSupplier uncommittedAgeMs, UncheckedSalesLog unchecked) {
    ShardVerticle[] shards = new ShardVerticle[count];
    long now = clock.millis();
    for (int i = 0; i < count; i++) {
      shards[i] = new ShardVerticle(new DetectionEngine(settings, sink, now), clock, settings.tick().toMillis(), STATS_EVERY_MS,
          metrics::eventLoopLag, uncommittedAgeMs, metrics::duplicate, unchecked);
    }
    return new EngineShards(shards);
  }

  @Override
  public int size() {
    return shards.length;
  }

  /** The engine owning a terminal; only for use before {@link #deploy} (recovery). */
  public DetectionEngine engineFor(String merchant, String terminal) {
    return shardFor(merchant, terminal).engine();
  }

  public List<DetectionEngine> engines() {
    List<DetectionEngine> out = new ArrayList<>();
    for (ShardVerticle s : shards) {
      out.add(s.engine());
    }
    return out;
  }

  public Future<?> deploy(Vertx vertx) {
    List<Future<String>> deployed = new ArrayList<>();
    for (ShardVerticle s : shards) {
      deployed.add(vertx.deployVerticle(s, new DeploymentOptions()));
    }
    return Future.all(deployed);
  }

  /**
   * The task of a terminal-level finding is resolved: its terminal's engine lets the finding go at
   * its next tick ({@link DetectionEngine#taskResolved}), so it no longer keeps the terminal
   * remembered. From any thread.
   */
  public void taskResolved(FindingKey key) {
    shardFor(key.merchant(), key.terminal()).taskResolved(key);
  }

  @Override
  public void txnCommitted(TxnEvent event, long receivedAtMs) {
    ShardVerticle shard = shardFor(event.merchant(), event.terminal());
    shard.committed(event, receivedAtMs);
  }

  @Override
  public CompletionStage<TerminalSnapshot> terminalUpdate(Telemetry telemetry, long receivedAtMs) {
    ShardVerticle shard = shardFor(telemetry.merchant(), telemetry.terminal());
    CompletableFuture<TerminalSnapshot> done = new CompletableFuture<>();
    shard.context().runOnContext(v -> {
      try {
        DetectionEngine engine = shard.engine();
        if (telemetry instanceof Heartbeat hb) {
          engine.onHeartbeat(hb, receivedAtMs);
        } else if (telemetry instanceof StatusChange s) {
          engine.onStatus(s, receivedAtMs);
        }
        done.complete(engine.snapshotOf(telemetry.merchant(), telemetry.terminal()));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  @Override
  public CompletionStage<Optional<TerminalView>> terminal(String merchant, String terminal) {
    ShardVerticle shard = shardFor(merchant, terminal);
    CompletableFuture<Optional<TerminalView>> view = new CompletableFuture<>();
    shard.context().runOnContext(v -> view.complete(shard.engine().terminal(merchant, terminal)));
    return view;
  }

  @Override
  public CompletionStage<TerminalList> terminals(TerminalFilter filter, int limit) {
    List<CompletableFuture<TerminalList>> parts = new ArrayList<>(shards.length);
    for (ShardVerticle shard : shards) {
      CompletableFuture<TerminalList> part = new CompletableFuture<>();
      shard.context().runOnContext(v -> {
        try {
          part.complete(shard.engine().terminals(filter, limit));
        } catch (RuntimeException e) {
          part.completeExceptionally(e);
        }
      });
      parts.add(part);
    }
    return TerminalList.gather(parts, limit);
  }

  @Override
  public Map<Liveness, Long> terminalsByLiveness() {
    return stats().terminalsByLiveness();
  }

  /** Engine counts summed over shards, from each shard's latest snapshot (at most a second old). */
  public EngineStats stats() {
    List<EngineStats> each = new ArrayList<>(shards.length);
    for (ShardVerticle shard : shards) {
      each.add(shard.stats());
    }
    return EngineStats.sum(each);
  }

  @Override
  public int indexOf(String merchant, String terminal) {
    int h = merchant.hashCode() * 31 + terminal.hashCode();
    h ^= (h >>> 16);
    return Math.floorMod(h, shards.length);
  }

  /** Only after {@link #deploy}: a shard has no event loop before. */
  @Override
  public void execute(int index, Runnable task) {
    shards[index].context().runOnContext(v -> task.run());
  }

  private ShardVerticle shardFor(String merchant, String terminal) {
    return shards[indexOf(merchant, terminal)];
  }
}
