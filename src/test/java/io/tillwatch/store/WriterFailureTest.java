package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterFailureTest {
  @TempDir Path dir;

  @Test
  void aSqlExceptionRollsBackTheWholeBatchAndHealthRecovers() throws Exception {
    RecordingObserver observer = new RecordingObserver();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), observer)) {
      store.writer().submit(Fixtures.blocker(started, release));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> a = store.journal().append(Fixtures.event("f", 1, EventType.STARTED), 1);
      CompletableFuture<Void> bad = store.writer().submit(s -> {
        throw new SQLException("simulated I/O error");
      });
      CompletableFuture<Void> b = store.journal().append(Fixtures.event("f", 2, EventType.STARTED), 2);
      release.countDown();
      for (CompletableFuture<Void> f : List.of(a, bad, b)) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(SQLException.class, e.getCause());
      }
      assertFalse(store.healthy());
      assertEquals(1, observer.failures.get());
      assertEquals(3, observer.lastFailedBatch.get());
      assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));

      Fixtures.join(store.journal().append(Fixtures.event("f", 3, EventType.STARTED), 3));
      assertTrue(store.healthy());
      assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
    }
  }

  @Test
  void anUnguardedOpThatThrowsFailsTheWholeBatch() throws Exception {
    RecordingObserver observer = new RecordingObserver();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), observer)) {
      store.writer().submit(Fixtures.blocker(started, release));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> a = store.journal().append(Fixtures.event("u", 1, EventType.STARTED), 1);
      // No savepoint: what it wrote cannot be undone alone, so it may not fail alone either.
      CompletableFuture<Void> bad = store.writer().submitUnguarded(s -> {
        var ps = s.prepare(EventRows.INSERT_EVENT);
        EventRows.bindEvent(ps, Fixtures.event("u", 2, EventType.STARTED), 2);
        ps.executeUpdate();
        throw new IllegalStateException("bug after writing");
      });
      release.countDown();
      assertThrows(ExecutionException.class, () -> a.get(10, TimeUnit.SECONDS));
      assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
      assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
      assertEquals(1, observer.failures.get());
    }
  }

  /** A real storage failure: the database may not grow ("disk full", SQLITE_FULL). */
  @Test
  void aFullDiskFailsEveryWriteOfTheBatchThenRecovers() throws Exception {
    RecordingObserver observer = new RecordingObserver();
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir).withMaxBatch(100_000), observer)) {
      Fixtures.join(store.writer().submit(s -> {
        try (Statement st = s.connection().createStatement();
             ResultSet rs = st.executeQuery("PRAGMA page_count")) {
          rs.next();
          st.execute("PRAGMA max_page_count = " + rs.getLong(1));
        }
        return null;
      }));
      // Submitted in one go from one op so they are certain to be one batch: an op that appends a
      // lot cannot fit, and the small appends around it share its fate.
      List<CompletableFuture<?>> batch = new ArrayList<>();
      CountDownLatch started = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      store.writer().submit(Fixtures.blocker(started, release));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      batch.add(store.journal().append(Fixtures.event("full", 0, EventType.STARTED), 0));
      batch.add(store.writer().submit(s -> {
        for (int i = 1; i <= 5_000; i++) {
          var ps = s.prepare(EventRows.INSERT_EVENT);
          EventRows.bindEvent(ps, Fixtures.event("full-" + i, i, EventType.STARTED), i);
          ps.executeUpdate();
        }
        return null;
      }));
      release.countDown();
      for (CompletableFuture<?> f : batch) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        assertInstanceOf(SQLException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("full"), e.getCause().getMessage());
      }
      assertFalse(store.healthy());
      assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));

      Fixtures.join(store.writer().submit(s -> {
        try (Statement st = s.connection().createStatement()) {
          st.execute("PRAGMA max_page_count = 1073741823");
        }
        return null;
      }));
      Fixtures.join(store.journal().append(Fixtures.event("ok", 1, EventType.STARTED), 1));
      assertTrue(store.healthy());
      assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
    }
  }
}
