package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskFinding;
import io.tillwatch.tasks.TaskSale;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash window the harness found: TillWatch died after journaling the event that closes a
 * finding and before storing the task's auto-resolution. The replayed engine never sees that
 * finding open, so only reconciling the task store against the recovered state closes the task.
 * Reproduced exactly by writing that state with the real store, then starting the daemon on it.
 */
class RecoveryReconcileEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void aTaskClosedByAJournaledEventIsAutoResolvedAtStart() throws Exception {
    Path data = dir.resolve("data");
    long t0 = System.currentTimeMillis() - 10_000;
    try (SqlStore store = SqlStore.open(StoreSettings.defaults(data), StoreObserver.NONE)) {
      store.journal().append(event("s1", 1, EventType.STARTED), t0).join();
      FindingKey key = new FindingKey(FindingKind.UNCONFIRMED_SALE, "m1", "t1", "s1");
      store.tasks().insertIfAbsent(openTask("t_RECONCILE", key, t0 + 1000)).join();
      // the late outcome was committed ... and the process died before the auto-resolve was
      store.journal().append(event("s1", 2, EventType.AUTHORIZED), t0 + 2000).join();
      store.journal().append(event("s1", 3, EventType.PRINTED), t0 + 2001).join();
      store.journal().append(event("s1", 4, EventType.COMPLETED), t0 + 2002).join();
      // a task whose rule still holds must stay open
      store.journal().append(event("s2", 5, EventType.STARTED), t0 + 3000).join();
      FindingKey open = new FindingKey(FindingKind.UNCONFIRMED_SALE, "m1", "t1", "s2");
      store.tasks().insertIfAbsent(openTask("t_STILLOPEN", open, t0 + 4000)).join();
    }
    try (InProcessDaemon tw = new InProcessDaemon(data, Map.of())) {
      JsonObject closed = await().atMost(Duration.ofSeconds(10))
          .until(() -> tw.api.get("/api/v1/tasks/t_RECONCILE").json(), t -> "RESOLVED".equals(t.getString("state")));
      assertEquals("AUTO_RESOLVED", closed.getString("resolution"));
      await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
          .until(() -> "OPEN".equals(tw.api.get("/api/v1/tasks/t_STILLOPEN").json().getString("state")));
      List<JsonObject> all = tw.api.tasks("terminal=t1");
      assertEquals(2, all.size(), "no task duplicated by the re-raise of the still-open finding");
    }
  }

  /** As the task service would have stored it: due and detected at the same time. */
  private static Task openTask(String id, FindingKey key, long atMs) {
    return Task.open(id, new TaskFinding(key, null, key.kind().action(), atMs),
        new TaskSale(key.subject(), 500, "CNY", null, null, null), Severity.CRITICAL, atMs);
  }

  private static TxnEvent event(String txn, long seq, EventType type) {
    boolean money = type == EventType.STARTED || type == EventType.AUTHORIZED;
    return new TxnEvent("m1", "t1", txn, seq, type, System.currentTimeMillis(), money ? 500 : TxnEvent.NO_AMOUNT,
        money ? "CNY" : null, null, null, null, null, null);
  }
}
