package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journal appends on PostgreSQL are deferred and sent together ({@link WriteSession#addDeferred}):
 * held here, in one group commit, is that a later op still sees them in order, and that a deferred
 * row that fails takes its whole batch with it (nothing of it committed, every future failed).
 */
class DeferredRowsTest {
  @TempDir Path dir;

  @Test
  void anOpAfterDeferredAppendsInTheSameBatchSeesThemInOrder() throws Exception {
    try (SqlStore store = SqlStore.open(Fixtures.postgresSettings(dir), StoreObserver.NONE)) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> block = park(store, release);
      List<CompletableFuture<Void>> appends = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        appends.add(store.journal().append(Fixtures.event("s1", i, EventType.AUTHORIZED), 100 + i));
      }
      // Queued behind the appends, so it runs in the same group commit, after them.
      CompletableFuture<List<Long>> seen = store.writer().submit(s -> {
        List<Long> seqs = new ArrayList<>();
        try (ResultSet rs = s.prepare("SELECT seq FROM events ORDER BY id").executeQuery()) {
          while (rs.next()) {
            seqs.add(rs.getLong(1));
          }
        }
        return seqs;
      });
      CompletableFuture<Void> more = store.journal().append(Fixtures.event("s1", 6, EventType.PRINTED), 106);
      release.countDown();
      Fixtures.join(block);
      appends.forEach(Fixtures::join);
      Fixtures.join(more);
      assertEquals(List.of(1L, 2L, 3L, 4L, 5L), Fixtures.join(seen));
      assertEquals(6, store.saleTimeline().events("m001", "t0001", "s1").size());
    }
  }

  @Test
  void aDeferredRowThatFailsFailsItsWholeBatchAndTheNextCommits() throws Exception {
    try (SqlStore store = SqlStore.open(Fixtures.postgresSettings(dir), StoreObserver.NONE)) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> block = park(store, release);
      List<CompletableFuture<Void>> batch = new ArrayList<>();
      batch.add(store.journal().append(Fixtures.event("s1", 1, EventType.AUTHORIZED), 101));
      // A row the server refuses (NOT NULL), deferred like an append: it fails only when sent.
      batch.add(store.writer().submitUnguarded(s -> {
        s.addDeferred(EventRows.INSERT_EVENT, (PreparedStatement ps) -> {
          EventRows.bindEvent(ps, Fixtures.event("s1", 2, EventType.PRINTED), 102);
          ps.setNull(2, java.sql.Types.VARCHAR); // merchant
        });
        return null;
      }));
      batch.add(store.journal().append(Fixtures.event("s1", 3, EventType.COMPLETED), 103));
      release.countDown();
      Fixtures.join(block);
      for (CompletableFuture<Void> f : batch) {
        assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
      }
      assertEquals(0, store.saleTimeline().events("m001", "t0001", "s1").size(), "nothing of the failed batch");

      Fixtures.join(store.journal().append(Fixtures.event("s1", 4, EventType.PRINTED), 104));
      assertEquals(1, store.saleTimeline().events("m001", "t0001", "s1").size());
      assertTrue(store.healthy());
    }
  }

  /** Parks the writer on an op until {@code release}, so what is submitted meanwhile forms the next batch. */
  private static CompletableFuture<Void> park(SqlStore store, CountDownLatch release) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Void> block = store.writer().submit(Fixtures.blocker(started, release));
    assertTrue(started.await(30, TimeUnit.SECONDS));
    return block;
  }
}
