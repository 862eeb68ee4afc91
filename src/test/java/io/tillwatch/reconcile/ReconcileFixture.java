package io.tillwatch.reconcile;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TestClock;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SQLite store in a temporary directory with the task service over it, and the means to
 * put sales in the journal and open tasks as the daemon would, for reconciliation tests.
 */
final class ReconcileFixture implements AutoCloseable {
  static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  static final String M = "m001";
  static final String T = "t0001";

  final SqlStore store;
  final TestClock clock = new TestClock(at("2026-12-02 09:30:00"));
  final TaskService tasks;
  final List<ImportResult> heard = new ArrayList<>();
  private int seq;

  ReconcileFixture(Path dir) {
    store = SqlStore.open(StoreSettings.defaults(dir), StoreObserver.NONE);
    tasks = new TaskService(store.tasks(), store.saleTimeline(), new TaskIndex(), clock);
    tasks.loadUnresolved();
  }

  static long at(String shanghaiTime) {
    return LocalDateTime.parse(shanghaiTime.replace(' ', 'T')).atZone(BillFiles.SHANGHAI).toInstant().toEpochMilli();
  }

  Reconciler reconciler(Duration journalRetention) {
    return reconciler(store.reconcile(), journalRetention);
  }

  Reconciler reconciler(ReconcileStore port, Duration journalRetention) {
    return new Reconciler(port, tasks, ReconcileSettings.defaults(journalRetention), heard::add, clock);
  }

  /** The sale's events, journaled as if received when the terminal says they happened. */
  void sale(String txn, String ref, long amount, PaymentMethod method, String time, EventType... events) {
    long t = at(time);
    for (EventType e : events) {
      TxnEvent ev = new TxnEvent(M, T, txn, ++seq, e, t, amount, "CNY", method, null, null, null, ref);
      store.journal().append(ev, t).join();
      t += 1_000;
    }
  }

  /** A task of that kind about the sale, raised as the engine raises it. */
  Task openTask(FindingKind kind, String txn, long amount) {
    FindingKey key = new FindingKey(kind, M, T, txn);
    long now = clock.millis();
    tasks.raised(new Finding(key, kind.defaultSeverity(), txn, amount, "CNY", null, null, now, now, null, "test"));
    store.reconcile().barrier().join();
    return store.reconcile().taskByKey(key.asString()).orElseThrow();
  }

  Task task(String id) {
    return tasks.find(id).orElseThrow();
  }

  List<Task> tasksOf(FindingKind kind) {
    return tasks.list(TaskQuery.all().kind(kind).limit(500).build()).items();
  }

  @Override
  public void close() {
    store.close();
  }
}
