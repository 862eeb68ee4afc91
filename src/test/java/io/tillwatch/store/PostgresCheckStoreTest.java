package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.backoffice.CheckStore;
import io.tillwatch.backoffice.PendingCheck;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.TaskSamples;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Every test of {@link SqlCheckStoreTest}, on a fresh database of a real PostgreSQL server; and two instances on one. */
class PostgresCheckStoreTest extends SqlCheckStoreTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }

  /**
   * Two instances share the database and both hold every stored check (each loads them at start):
   * when both send the same step's look-up at once, exactly one claim wins, and the loser reads the
   * winner's row (its due time), so the back office is asked once per step.
   */
  @Test
  void twoInstancesClaimingTheSameStepHaveExactlyOneWinner() {
    int n = 100;
    try (SqlStore a = SqlStore.open(settings(), StoreObserver.NONE);
         SqlStore b = SqlStore.open(settings(), StoreObserver.NONE)) {
      List<PendingCheck> checks = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        a.tasks().insertIfAbsent(TaskSamples.saleTask("t_" + i, "s" + i, 900)).join();
        PendingCheck c = new PendingCheck("t_" + i, FindingKind.UNCONFIRMED_SALE, "m001", "t0001", "s" + i, null,
            "wechat-main", 2, 1_000);
        a.checks().insertIfAbsent(c).join();
        checks.add(c);
      }
      List<CompletableFuture<CheckStore.Claim>> byA = new ArrayList<>();
      List<CompletableFuture<CheckStore.Claim>> byB = new ArrayList<>();
      for (PendingCheck c : checks) { // interleaved: both writers run their claims at the same time
        byA.add(a.checks().claim(c.started(10_000)));
        byB.add(b.checks().claim(c.started(20_000)));
      }
      int winsA = 0;
      for (int i = 0; i < n; i++) {
        CheckStore.Claim ca = Fixtures.join(byA.get(i));
        CheckStore.Claim cb = Fixtures.join(byB.get(i));
        assertEquals(1, (ca.won() ? 1 : 0) + (cb.won() ? 1 : 0), "exactly one instance asks step 3 of " + checks.get(i));
        CheckStore.Claim winner = ca.won() ? ca : cb;
        CheckStore.Claim loser = ca.won() ? cb : ca;
        assertEquals(winner.stored(), loser.stored(), "the loser takes the winner's stored check");
        assertEquals(3, winner.stored().orElseThrow().attempts());
        winsA += ca.won() ? 1 : 0;
      }
      List<PendingCheck> stored = a.checks().all();
      assertEquals(n, stored.size());
      stored.forEach(c -> assertEquals(3, c.attempts(), "one step taken per check, never two"));
      System.out.printf("claims: instance A won %d of %d steps, B %d%n", winsA, n, n - winsA);
    }
  }
}
