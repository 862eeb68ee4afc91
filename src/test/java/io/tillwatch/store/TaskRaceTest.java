package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskConflictException;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskRepository;
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
 * An operator resolves while a late event auto-resolves the same task, through the task service
 * on the real store from two threads at once: exactly one wins, whatever the interleaving of
 * their loads and compare-and-sets on the writer.
 */
class TaskRaceTest {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }

  @Test
  void operatorResolveAgainstAutoResolveHasExactlyOneWinner() throws Exception {
    int rounds = 200;
    int operatorWins = 0;
    int autoWins = 0;
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      TaskRepository tasks = store.tasks();
      TaskService service = new TaskService(tasks, store.saleTimeline(), new TaskIndex(), Clock.systemUTC());
      for (int r = 0; r < rounds; r++) {
        Task t = Fixtures.saleTask("t_" + r, "s" + r, r);
        Fixtures.join(tasks.insertIfAbsent(t));
        CyclicBarrier barrier = new CyclicBarrier(2);
        CompletableFuture<CompletableFuture<Task>> operator = CompletableFuture.supplyAsync(() -> {
          await(barrier);
          return service.resolve(t.id(), Resolution.FOUND_IN_BACKOFFICE, "alice", "found it");
        });
        CompletableFuture<CompletableFuture<Optional<Task>>> late = CompletableFuture.supplyAsync(() -> {
          await(barrier);
          return service.autoResolve(t.dedupeKey(), "AUTHORIZED arrived");
        });
        boolean operatorWon;
        try {
          operator.get().join();
          operatorWon = true;
        } catch (CompletionException e) {
          assertInstanceOf(TaskConflictException.class, e.getCause());
          operatorWon = false;
        }
        boolean autoWon = late.get().join().isPresent();
        assertTrue(operatorWon ^ autoWon, "round " + r + ": operator " + operatorWon + ", auto " + autoWon);
        Task stored = tasks.find(t.id()).orElseThrow();
        assertEquals(TaskState.RESOLVED, stored.state());
        assertEquals(operatorWon ? Resolution.FOUND_IN_BACKOFFICE : Resolution.AUTO_RESOLVED, stored.resolution().how());
        List<String> changes = tasks.history(t.id()).stream().map(TaskHistoryEntry::change).toList();
        assertEquals(List.of("created", operatorWon ? "resolved" : "auto-resolved"), changes);
        if (operatorWon) {
          operatorWins++;
        } else {
          autoWins++;
        }
      }
    }
    assertEquals(rounds, operatorWins + autoWins);
    System.out.println("race winners: operator " + operatorWins + ", auto " + autoWins);
  }

  @Test
  void concurrentInsertsOfOneFindingMakeOneTask() throws Exception {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      List<CompletableFuture<Optional<Task>>> fs = java.util.stream.IntStream.range(0, 16).parallel()
          .mapToObj(i -> store.tasks().insertIfAbsent(Fixtures.saleTask("t_" + i, "same-sale", i)))
          .toList();
      long created = fs.stream().map(Fixtures::join).filter(Optional::isPresent).count();
      assertEquals(1, created);
      assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM tasks"));
    }
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
