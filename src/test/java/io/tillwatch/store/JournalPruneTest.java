package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.telemetry.EventType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalPruneTest {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }

  static final long DAY = 86_400_000L;
  static final long NOW = 100 * DAY;
  static final long JOURNAL_RETENTION = 7 * DAY;
  static final long TASK_RETENTION = 30 * DAY;

  @Test
  void prunesOldCleanEventsAndOldResolvedTasksButKeepsSalesWithTasks() {
    // A tiny chunk so the rowid windows, and kept events between deleted ones, are exercised.
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE, Fixtures.migrations(settings()), 7)) {
      long old = NOW - 10 * DAY;
      long recent = NOW - DAY;
      List<CompletableFuture<?>> fs = new ArrayList<>();
      // Interleaved so kept and deleted rows alternate in rowid order.
      for (int i = 1; i <= 40; i++) {
        for (String sale : List.of("clean", "open", "recentlyResolved", "longResolved", "acked")) {
          fs.add(store.journal().append(Fixtures.event(sale, i, EventType.STARTED), old + i));
        }
      }
      for (int i = 1; i <= 5; i++) {
        fs.add(store.journal().append(Fixtures.event("new", i, EventType.STARTED), recent));
      }
      fs.forEach(Fixtures::join);

      Task open = Fixtures.saleTask("t_open", "open", old);
      Task acked = Fixtures.saleTask("t_acked", "acked", old);
      Task recentlyResolved = Fixtures.saleTask("t_recent", "recentlyResolved", old);
      Task longResolved = Fixtures.saleTask("t_long", "longResolved", old - 40 * DAY);
      for (Task t : List.of(open, acked, recentlyResolved, longResolved)) {
        Fixtures.join(store.tasks().insertIfAbsent(t));
      }
      Fixtures.change(store.tasks(), "t_acked", t -> t.acknowledge("ops", old + 1));
      Fixtures.change(store.tasks(), "t_recent", t -> t.resolve(Resolution.REPRINTED, "ops", null, NOW - 2 * DAY));
      Fixtures.change(store.tasks(), "t_long", t -> t.resolve(Resolution.REFUNDED, "ops", null, NOW - 31 * DAY));
      // A terminal-level task (txn NULL) that is old and resolved: deleted, protects nothing.
      Task silent = Fixtures.task("t_silent", io.tillwatch.engine.FindingKind.TERMINAL_SILENT, "m001", "t0001", null,
          old);
      Fixtures.join(store.tasks().insertIfAbsent(silent));
      Fixtures.change(store.tasks(), "t_silent", t -> t.resolve(Resolution.FALSE_ALARM, "ops", null, NOW - 60 * DAY));

      long deleted = store.journal().prune(NOW, JOURNAL_RETENTION, TASK_RETENTION);

      assertEquals(80, deleted, "clean + longResolved");
      Map<String, Integer> left = new TreeMap<>();
      store.journal().replay(e -> left.merge(e.event().txn(), 1, Integer::sum));
      assertEquals(Map.of("open", 40, "acked", 40, "recentlyResolved", 40, "new", 5), left);
      assertTrue(store.tasks().find("t_long").isEmpty());
      assertTrue(store.tasks().find("t_silent").isEmpty());
      assertTrue(store.tasks().find("t_recent").isPresent());
      assertTrue(store.tasks().find("t_open").isPresent());
      assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM task_history WHERE task_id IN ('t_long', 't_silent')"));
      assertEquals(2, store.tasks().history("t_recent").size());

      // Nothing left to do: a second run deletes nothing.
      assertEquals(0, store.journal().prune(NOW, JOURNAL_RETENTION, TASK_RETENTION));
      // 30 days on, t_recent is past task retention: it goes, and its sale's 40 events with it, as
      // do the 5 "new" events (now past journal retention). Open / acknowledged sales stay.
      assertEquals(45, store.journal().prune(NOW + 30 * DAY, JOURNAL_RETENTION, TASK_RETENTION));
      assertEquals(80, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
      assertTrue(store.tasks().find("t_recent").isEmpty());
    }
  }

  @Test
  void pruningAnEmptyJournalIsHarmless() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      assertEquals(0, store.journal().prune(NOW, JOURNAL_RETENTION, TASK_RETENTION));
    }
  }
}
