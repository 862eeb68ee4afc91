package io.tillwatch.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Instances that split the fleet and share one journal rebuild only their own terminals: a sale of
 * a terminal another instance watches must not become a finding here, and that instance's open
 * tasks must not be auto-resolved here because this engine knows nothing of them.
 */
class RecoveryOwnershipTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;

  @Test
  void onlyOwnedTerminalsAreReplayedAndReconciled() throws Exception {
    TerminalOwnership onlyMine = (merchant, terminal) -> terminal.equals("mine");
    CollectingSink sink = new CollectingSink();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(T0 + 1_000), ZoneOffset.UTC);
    EngineShards shards = TestShards.create(1, DetectionSettings.defaults(), sink, clock);
    try (SqlStore store = SqlStore.open(StoreSettings.defaults(dir), StoreObserver.NONE)) {
      for (String terminal : List.of("mine", "theirs")) {
        store.journal().append(event(terminal, "open", 1, EventType.AUTHORIZED), T0).get();
        store.journal().append(event(terminal, "closed", 2, EventType.AUTHORIZED), T0).get();
        store.journal().append(event(terminal, "closed", 3, EventType.PRINTED), T0).get();
      }
      Recovery.Result r = Recovery.run(store.journal(), shards, T0 + 1_000, 86_400_000L, onlyMine);
      assertEquals(3, r.events(), "only the owned terminal's events are replayed");

      // Both sales are authorized and never printed: past the deadline only the owned one is a finding.
      shards.engineFor("m001", "mine").advanceTo(T0 + 3_600_000);
      shards.engineFor("m001", "theirs").advanceTo(T0 + 3_600_000);
      assertEquals(List.of("mine"), sink.raised.stream().map(f -> f.key().terminal()).distinct().toList());

      // Unresolved tasks of two sales whose receipt was printed before the restart: only the owned
      // one is closed here; the other is its own instance's to judge.
      FindingKey mine = new FindingKey(FindingKind.UNPRINTED_RECEIPT, "m001", "mine", "closed");
      FindingKey theirs = new FindingKey(FindingKind.UNPRINTED_RECEIPT, "m001", "theirs", "closed");
      Recovery.reconcile(List.of(mine, theirs), shards, sink, T0 + 3_600_000, onlyMine);
      assertEquals(List.of(mine), sink.cleared);
    }
  }

  private static TxnEvent event(String terminal, String txn, long seq, EventType type) {
    return new TxnEvent("m001", terminal, txn, seq, type, T0, 12_850, "CNY", PaymentMethod.CARD, "433412345678",
        "A1B2C3", null, null);
  }
}
