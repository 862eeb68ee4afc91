package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.backoffice.CheckStore;
import io.tillwatch.backoffice.PendingCheck;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.TaskSamples;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pending back-office checks on a real SQLite file: stored, stepped, kept across a reopen, gone with their task. */
class SqlCheckStoreTest {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }

  private static final PendingCheck CHECK = new PendingCheck("t_1", FindingKind.DOUBLE_CHARGE_RISK, "m001", "t0001", "s2",
      "s1", "wechat-main", 0, 1_000);

  @Test
  void aCheckIsStoredOnceSteppedAndFoundAgainAfterAReopen() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      store.tasks().insertIfAbsent(TaskSamples.saleTask("t_1", "s2", 900)).join();
      assertTrue(store.checks().insertIfAbsent(CHECK).join());
      assertFalse(store.checks().insertIfAbsent(CHECK.started(5_000)).join(), "one check per task");
      assertTrue(store.checks().claim(CHECK.started(31_000)).join().won());
    }
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      assertEquals(List.of(CHECK.started(31_000)), store.checks().all());
      store.checks().remove("t_1").join();
      assertEquals(List.of(), store.checks().all());
    }
  }

  @Test
  void aStepIsClaimedOnceAndALateClaimSeesTheStoredCheck() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      store.tasks().insertIfAbsent(TaskSamples.saleTask("t_1", "s2", 900)).join();
      store.checks().insertIfAbsent(CHECK).join();
      assertEquals(CheckStore.Claim.won(CHECK.started(31_000)), store.checks().claim(CHECK.started(31_000)).join());
      CheckStore.Claim late = store.checks().claim(CHECK.started(45_000)).join();
      assertEquals(CheckStore.Claim.lost(Optional.of(CHECK.started(31_000))), late, "the step was taken: its stored due time");
      store.checks().remove("t_1").join();
      assertEquals(CheckStore.Claim.lost(Optional.empty()), store.checks().claim(CHECK.started(31_000).started(60_000)).join());
    }
  }

  @Test
  void aCheckGoesWithItsTaskWhenRetentionDeletesTheTask() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      store.tasks().insertIfAbsent(TaskSamples.saleTask("t_1", "s2", 900)).join();
      store.checks().insertIfAbsent(CHECK).join();
      store.tasks().compareAndSet(store.tasks().load("t_1").join().orElseThrow()
          .resolve(Resolution.FALSE_ALARM, "alice", null, 1_000)).join();
      store.writer().submit(s -> s.prepare("DELETE FROM tasks WHERE id = 't_1'").executeUpdate()).join();
      assertEquals(List.of(), store.checks().all());
    }
  }
}
