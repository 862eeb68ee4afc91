package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlEventJournalTest {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }

  @Test
  void eventsAndTerminalsSurviveAReopenWithEveryField() {
    List<StoredEvent> written = new ArrayList<>();
    TerminalSnapshot full = new TerminalSnapshot("m001", "t0001", 1_000, true, 30, 1043, 2, 900, "OK", "4.2.1", "4G",
        -71, "S001", "east", 950);
    TerminalSnapshot sparse = new TerminalSnapshot("m001", "t0002", 2_000, false, 60, -1, 0, -1, null, null, null, null,
        null, null, -1);
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      List<CompletableFuture<Void>> fs = new ArrayList<>();
      for (int i = 1; i <= 500; i++) {
        TxnEvent e = i % 3 == 0 ? Fixtures.bareEvent("s" + (i % 7), i) : Fixtures.event("s" + (i % 7), i,
            EventType.values()[i % EventType.values().length]);
        written.add(new StoredEvent(10_000 + i, e));
        fs.add(store.journal().append(e, 10_000 + i));
      }
      fs.forEach(Fixtures::join);
      Fixtures.join(store.journal().saveTerminal(sparse));
      Fixtures.join(store.journal().saveTerminal(new TerminalSnapshot("m001", "t0001", 500, false, 30, 1, 0, -1, "ERROR", "4.2.0", "WIFI", -90, "S001", "east", 400)));
      Fixtures.join(store.journal().saveTerminal(full)); // upsert: the latest wins
    }
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      List<StoredEvent> replayed = new ArrayList<>();
      store.journal().replay(replayed::add);
      assertEquals(written, replayed);
      assertEquals(List.of(full, sparse), store.journal().terminals());

      List<StoredEvent> expected = written.stream().filter(s -> s.event().txn().equals("s3")).toList();
      assertEquals(expected, store.saleTimeline().events("m001", "t0001", "s3"));
      assertEquals(List.of(), store.saleTimeline().events("m001", "t0001", "nope"));
    }
  }

  @Test
  void timelineIsInReceiveOrderNotTerminalOrder() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      Fixtures.join(store.journal().append(Fixtures.event("x", 5, EventType.PRINTED), 3));
      Fixtures.join(store.journal().append(Fixtures.event("x", 4, EventType.AUTHORIZED), 4));
      Fixtures.join(store.journal().append(Fixtures.event("x", 4, EventType.AUTHORIZED), 5)); // redelivery is kept
      List<Long> seqs = store.saleTimeline().events("m001", "t0001", "x").stream().map(s -> s.event().seq()).toList();
      assertEquals(List.of(5L, 4L, 4L), seqs);
    }
  }
}
