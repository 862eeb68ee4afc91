package io.tillwatch.runtime;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.PrinterState;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A person's resolution reaches the shard holding the kept terminal, which then forgets it. */
class ShardResolutionTest {
  private static final long T0 = 1_700_000_000_000L;

  @Test
  void aResolvedSilenceTaskLetsTheShardForgetItsKeptTerminal() throws Exception {
    Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + 8 * 86_400_000L), ZoneOffset.UTC); // past the 7-day forget
    EngineShards shards = TestShards.create(2, DetectionSettings.defaults(), new CollectingSink(), clock);
    DetectionEngine engine = shards.engineFor("m1", "t1");
    engine.onHeartbeat(new Heartbeat("m1", "t1", T0, 30, Heartbeat.ABSENT, "4.2.1", "4G", -71, PrinterState.OK, 0, "S001",
        "east"), T0);
    engine.advanceTo(clock.millis());
    assertTrue(engine.tracksTerminal("m1", "t1"));
    // resolved before the shards run (the API listens first): applied at their first tick
    shards.taskResolved(new FindingKey(FindingKind.TERMINAL_SILENT, "m1", "t1", "silent@" + T0));
    Vertx vertx = Vertx.vertx();
    try {
      shards.deploy(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10))
          .until(() -> shards.terminal("m1", "t1").toCompletableFuture().get(10, TimeUnit.SECONDS).isEmpty());
      assertEquals(1, engine.stats().evictedTerminals());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
