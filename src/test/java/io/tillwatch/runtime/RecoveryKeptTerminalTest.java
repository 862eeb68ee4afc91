package io.tillwatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.telemetry.Heartbeat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A terminal silent for longer than detect.terminal-forget, across a restart: its open silence is
 * not in its stored snapshot but in the task store, and recovery hands it back to the engine, so
 * the terminal stays remembered and hearing it again still closes the task. A silence task the
 * stored state shows settled is auto-resolved instead.
 */
class RecoveryKeptTerminalTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final long DAY = 86_400_000L;

  @TempDir Path dir;

  private final CollectingSink sink = new CollectingSink();

  @Test
  void anOpenSilenceTaskKeepsTheRestoredTerminalAndClosesWhenItIsHeard() throws Exception {
    long restart = T0 + 10 * DAY; // past the 7-day terminal-forget
    Clock clock = Clock.fixed(Instant.ofEpochMilli(restart), ZoneOffset.UTC);
    EngineShards shards = TestShards.create(1, DetectionSettings.defaults(), sink, clock);
    try (SqlStore store = SqlStore.open(StoreSettings.defaults(dir), StoreObserver.NONE)) {
      store.journal().saveTerminal(new TerminalSnapshot("m001", "dead", T0, true, 30, -1, 0, -1, "OK", "4.2.1", "4G",
          -71, "S001", "east", T0)).get();
      Recovery.run(store.journal(), shards, restart, DAY, TerminalOwnership.ALL);
      FindingKey open = new FindingKey(FindingKind.TERMINAL_SILENT, "m001", "dead", "silent@" + T0);
      // an older episode: the terminal was heard after it (at T0), so it is over
      FindingKey stale = new FindingKey(FindingKind.TERMINAL_SILENT, "m001", "dead", "silent@" + (T0 - DAY));
      assertEquals(1, Recovery.reconcile(List.of(open, stale), shards, sink, restart, TerminalOwnership.ALL));
      assertEquals(List.of(stale), sink.cleared);

      DetectionEngine engine = shards.engineFor("m001", "dead");
      engine.advanceTo(restart + DAY);
      assertTrue(engine.tracksTerminal("m001", "dead"));
      assertEquals(1, engine.stats().keptTerminals());
      assertTrue(sink.raised.isEmpty(), "the open task is the finding: nothing raised anew");

      engine.onHeartbeat(new Heartbeat("m001", "dead", restart + DAY, 30, Heartbeat.ABSENT, "4.2.1", "4G", -71, null,
          0, "S001", "east"), restart + DAY);
      assertEquals(List.of(stale, open), sink.cleared);
      assertEquals(0, engine.stats().keptTerminals());
    }
  }
}
