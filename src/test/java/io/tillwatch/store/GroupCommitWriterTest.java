package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.journal.JournalOverloadedException;
import io.tillwatch.telemetry.EventType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitWriterTest {
  @TempDir Path dir;

  @Test
  void concurrentAppendsCommitInGroupsAndAreVisibleWhenTheirFutureCompletes() throws Exception {
    RecordingObserver observer = new RecordingObserver();
    int threads = 4;
    int perThread = 1_500;
    AtomicInteger invisible = new AtomicInteger();
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), observer);
         Connection probe = Fixtures.rawConnection(dir)) {
      PreparedStatement visible = probe.prepareStatement("SELECT COUNT(*) FROM events WHERE txn = ? AND seq = ?");
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<CompletableFuture<Void>> all = java.util.Collections.synchronizedList(new ArrayList<>());
      CountDownLatch go = new CountDownLatch(1);
      for (int t = 0; t < threads; t++) {
        String txn = "txn-" + t;
        pool.submit(() -> {
          go.await();
          for (int i = 1; i <= perThread; i++) {
            long seq = i;
            // The check runs on the writer thread the moment the future completes: an independent
            // connection must already see the row, i.e. the future completed after the COMMIT.
            // When the commit is quicker than this thread, thenRun runs here instead, beside the writer
            // thread's checks: the one probe statement is shared, so its parameters are set and run under
            // its lock (unguarded, another thread's seq slipped in now and then and the row looked absent).
            all.add(store.journal().append(Fixtures.event(txn, seq, EventType.STARTED), seq).thenRun(() -> {
              synchronized (visible) {
                try {
                  visible.setString(1, txn);
                  visible.setLong(2, seq);
                  try (ResultSet rs = visible.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                      invisible.incrementAndGet();
                    }
                  }
                } catch (SQLException e) {
                  invisible.incrementAndGet();
                }
              }
            }));
          }
          return null;
        });
      }
      go.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(60, TimeUnit.SECONDS));
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertEquals(0, invisible.get(), "futures completed before their row was visible");
      assertEquals(threads * perThread, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
      assertEquals(threads * perThread, observer.committedWrites.get());
      assertTrue(observer.maxBatch.get() > 1, "no batch held more than one write");
      assertTrue(observer.commits.get() < threads * perThread, "one commit per write: no group commit");
      assertTrue(store.healthy());
    }
  }

  @Test
  void aFullQueueFailsAtOnceWithOverloaded() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir).withQueueCapacity(4), StoreObserver.NONE)) {
      CompletableFuture<Void> parked = store.writer().submit(Fixtures.blocker(started, release));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      List<CompletableFuture<Void>> accepted = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        accepted.add(store.journal().append(Fixtures.event("q", i, EventType.STARTED), i));
      }
      assertEquals(4, store.queueDepth());
      CompletableFuture<Void> rejected = store.journal().append(Fixtures.event("q", 5, EventType.STARTED), 5);
      assertTrue(rejected.isCompletedExceptionally(), "must fail at once, not wait");
      ExecutionException e = assertThrows(ExecutionException.class, rejected::get);
      assertInstanceOf(JournalOverloadedException.class, e.getCause());
      release.countDown();
      Fixtures.join(parked);
      accepted.forEach(Fixtures::join);
      assertEquals(4, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
    }
  }

  @Test
  void closeCommitsEverythingAcceptedAndThenRefuses() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SqlStore store = SqlStore.open(Fixtures.settings(dir).withMaxBatch(16), StoreObserver.NONE);
    store.writer().submit(Fixtures.blocker(started, release));
    assertTrue(started.await(10, TimeUnit.SECONDS));
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (int i = 1; i <= 200; i++) {
      pending.add(store.journal().append(Fixtures.event("c", i, EventType.STARTED), i));
    }
    Thread closer = new Thread(store::close);
    closer.start();
    // close() must wait for the queue, not cut it off.
    closer.join(200);
    assertTrue(closer.isAlive());
    release.countDown();
    closer.join(30_000);
    assertTrue(!closer.isAlive());
    for (CompletableFuture<Void> f : pending) {
      assertTrue(f.isDone() && !f.isCompletedExceptionally());
    }
    ExecutionException late = assertThrows(ExecutionException.class,
        () -> store.journal().append(Fixtures.event("c", 999, EventType.STARTED), 1).get());
    assertInstanceOf(StoreException.class, late.getCause());
    assertEquals(200, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
  }

  @Test
  void aDomainRejectionFailsOnlyItsOwnOpAndLeavesNothingBehind() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    RecordingObserver observer = new RecordingObserver();
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), observer)) {
      store.writer().submit(Fixtures.blocker(started, release));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      CompletableFuture<Void> before = store.journal().append(Fixtures.event("d", 1, EventType.STARTED), 1);
      // Writes first, then rejects: the savepoint must undo its row.
      CompletableFuture<Void> rogue = store.writer().submit(s -> {
        PreparedStatement ps = s.prepare(EventRows.INSERT_EVENT);
        EventRows.bindEvent(ps, Fixtures.event("rogue", 1, EventType.STARTED), 1);
        ps.executeUpdate();
        throw new io.tillwatch.tasks.TaskConflictException("no", null);
      });
      CompletableFuture<Void> after = store.journal().append(Fixtures.event("d", 2, EventType.STARTED), 2);
      release.countDown();
      Fixtures.join(before);
      Fixtures.join(after);
      ExecutionException e = assertThrows(ExecutionException.class, rogue::get);
      assertInstanceOf(io.tillwatch.tasks.TaskConflictException.class, e.getCause());
      assertEquals(2, Fixtures.count(dir, "SELECT COUNT(*) FROM events WHERE txn = 'd'"));
      assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM events WHERE txn = 'rogue'"));
      assertEquals(0, observer.failures.get());
      assertTrue(store.healthy());
    }
  }
}
