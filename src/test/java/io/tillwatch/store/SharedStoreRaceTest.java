package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskConflictException;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TaskState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one PostgreSQL database, as two TillWatch instances sharing it: each has its own
 * writer connection and its own task service, and only the database can settle their races.
 */
class SharedStoreRaceTest {
  @TempDir Path dir;

  @Test
  void twoInstancesStartingTogetherMigrateOnce() throws Exception {
    StoreSettings settings = Fixtures.postgresSettings(dir);
    CyclicBarrier barrier = new CyclicBarrier(2);
    CompletableFuture<SqlStore> a = CompletableFuture.supplyAsync(() -> open(settings, barrier));
    CompletableFuture<SqlStore> b = CompletableFuture.supplyAsync(() -> open(settings, barrier));
    try (SqlStore one = a.get(); SqlStore two = b.get()) {
      assertEquals(one.schemaVersion(), two.schemaVersion());
      assertEquals(Migration.POSTGRES.size(), Fixtures.count(dir, "SELECT COUNT(*) FROM schema_version"));
    }
  }

  @Test
  void theSameFindingRaisedOnTwoInstancesOpensOneTask() {
    int rounds = 40;
    try (SqlStore a = SqlStore.open(Fixtures.postgresSettings(dir), StoreObserver.NONE);
         SqlStore b = SqlStore.open(Fixtures.postgresSettings(dir), StoreObserver.NONE)) {
      for (int r = 0; r < rounds; r++) {
        // Same finding (same sale, so the same dedupe key), a task id of each instance's own making.
        CompletableFuture<Optional<Task>> fromA = a.tasks().insertIfAbsent(Fixtures.saleTask("t_a" + r, "s" + r, r));
        CompletableFuture<Optional<Task>> fromB = b.tasks().insertIfAbsent(Fixtures.saleTask("t_b" + r, "s" + r, r));
        boolean aOpened = Fixtures.join(fromA).isPresent();
        boolean bOpened = Fixtures.join(fromB).isPresent();
        assertTrue(aOpened ^ bOpened, "round " + r + ": a " + aOpened + ", b " + bOpened);
      }
      assertEquals(rounds, Fixtures.count(dir, "SELECT COUNT(*) FROM tasks"));
      assertEquals(rounds, Fixtures.count(dir, "SELECT COUNT(*) FROM task_history"));
    }
  }

  @Test
  void resolvingOnTwoInstancesAtOnceHasOneWinnerAndOneConflict() throws Exception {
    int rounds = 40;
    try (SqlStore a = SqlStore.open(Fixtures.postgresSettings(dir), StoreObserver.NONE);
         SqlStore b = SqlStore.open(Fixtures.postgresSettings(dir), StoreObserver.NONE)) {
      TaskService onA = new TaskService(a.tasks(), a.saleTimeline(), new TaskIndex(), Clock.systemUTC());
      TaskService onB = new TaskService(b.tasks(), b.saleTimeline(), new TaskIndex(), Clock.systemUTC());
      int aWins = 0;
      for (int r = 0; r < rounds; r++) {
        Task t = Fixtures.saleTask("t_" + r, "s" + r, r);
        Fixtures.join(a.tasks().insertIfAbsent(t));
        CyclicBarrier barrier = new CyclicBarrier(2);
        CompletableFuture<Boolean> alice = CompletableFuture.supplyAsync(() -> resolve(onA, t, "alice", barrier));
        CompletableFuture<Boolean> bob = CompletableFuture.supplyAsync(() -> resolve(onB, t, "bob", barrier));
        boolean aliceWon = alice.get();
        boolean bobWon = bob.get();
        assertTrue(aliceWon ^ bobWon, "round " + r + ": alice " + aliceWon + ", bob " + bobWon);
        Task stored = b.tasks().find(t.id()).orElseThrow();
        assertEquals(TaskState.RESOLVED, stored.state());
        assertEquals(aliceWon ? "alice" : "bob", stored.resolution().by());
        assertEquals(List.of("created", "resolved"),
            b.tasks().history(t.id()).stream().map(TaskHistoryEntry::change).toList());
        aWins += aliceWon ? 1 : 0;
      }
      System.out.println("cross-instance race winners: a " + aWins + ", b " + (rounds - aWins));
    }
  }

  private static boolean resolve(TaskService service, Task t, String by, CyclicBarrier barrier) {
    try {
      barrier.await();
      service.resolve(t.id(), Resolution.FOUND_IN_BACKOFFICE, by, null).join();
      return true;
    } catch (CompletionException e) {
      assertInstanceOf(TaskConflictException.class, e.getCause()); // the API answers it with 409
      return false;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static SqlStore open(StoreSettings settings, CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return SqlStore.open(settings, StoreObserver.NONE);
  }
}
