package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.reconcile.BillFormat;
import io.tillwatch.reconcile.JournalSale;
import io.tillwatch.reconcile.Outcome;
import io.tillwatch.reconcile.ReconcileReport;
import io.tillwatch.reconcile.ReconcileStore;
import io.tillwatch.reconcile.ReportLine;
import io.tillwatch.reconcile.StoredImport;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlReconcileStoreTest {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }

  private static ReconcileReport report(String sha) {
    ReportLine matched = new ReportLine(Outcome.MATCHED, List.of(2), "m001", "t0001", "s1", "T1", "4200", 12_850, 12_850,
        "CNY", 1_000, null, null);
    ReportLine notInBill = new ReportLine(Outcome.NOT_IN_BILL, List.of(), "m001", "t0001", "s2", "", "", -1, 990, "CNY",
        2_000, null, "TillWatch saw this sale complete; the bill does not list it.");
    return new ReconcileReport(BillFormat.WECHATPAY, LocalDate.of(2026, 12, 1), "m001", "b.csv", sha, 5_000, 1,
        List.of(matched, notInBill), List.of());
  }

  @Test
  void anImportIsKeptOnceWithItsLinesAndReadBackAsWritten() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      ReconcileStore r = store.reconcile();
      Optional<Long> id = r.saveImport(report("abc")).join();
      assertTrue(id.isPresent());
      assertEquals(Optional.empty(), r.saveImport(report("abc")).join(), "the same content is kept once");
      StoredImport stored = r.findImport("abc").orElseThrow();
      assertEquals(report("abc"), stored.report());
      assertFalse(stored.effectsDone());
      ReconcileReport withTask = report("abc").withLines(List.of(report("abc").lines().get(0).withTask("t_1"),
          report("abc").lines().get(1)));
      r.effectsApplied(id.get(), withTask).join();
      assertTrue(r.findImport("abc").orElseThrow().effectsDone());
      assertEquals(withTask, r.findImport("abc").orElseThrow().report());
      assertEquals(java.util.Map.of(BillFormat.WECHATPAY, 5_000L), r.lastImportedAtMs(), "what the metric restores at start");
    }
    assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM reconcile_imports"));
    assertEquals(2, Fixtures.count(dir, "SELECT COUNT(*) FROM reconcile_lines"));
    assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM reconcile_lines WHERE task_id = 't_1'"));
  }

  @Test
  void aLineTheTableRefusesLeavesNoImportAtAll() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      ReconcileReport bad = report("abc").withLines(List.of(report("abc").lines().get(0),
          new ReportLine(Outcome.MATCHED, List.of(3), null, "t0001", null, "", "", 1, 1, "CNY", 1, null, null)));
      assertTrue(store.reconcile().saveImport(bad).handle((v, e) -> e != null).join());
    }
    assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM reconcile_imports"));
    assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM reconcile_lines"));
  }

  @Test
  void salesAreSummedUpFromTheirEventsInTheWindow() {
    try (SqlStore store = SqlStore.open(settings(), StoreObserver.NONE)) {
      store.journal().append(event("s1", 1, EventType.STARTED, 100, null), 100).join();
      store.journal().append(event("s1", 2, EventType.AUTHORIZED, 200, "T1"), 200).join();
      store.journal().append(event("s1", 3, EventType.PRINTED, 300, null), 300).join();
      store.journal().append(event("s2", 4, EventType.STARTED, 400, null), 400).join();
      store.journal().append(event("s2", 5, EventType.VOIDED, 500, null), 500).join();
      store.journal().append(event("s3", 6, EventType.STARTED, 9_000, null), 9_000).join();
      List<JournalSale> sales = store.reconcile().sales(0, 1_000);
      assertEquals(List.of(
          new JournalSale("m001", "t0001", "s1", "T1", "433412345678", 12_850, "CNY", PaymentMethod.QR, 200, true, false),
          new JournalSale("m001", "t0001", "s2", "", "433412345678", 12_850, "CNY", PaymentMethod.QR, 400, false, true)),
          sales);
    }
  }

  private static TxnEvent event(String txn, long seq, EventType type, long at, String ref) {
    return new TxnEvent("m001", "t0001", txn, seq, type, at, 12_850, "CNY", PaymentMethod.QR, "433412345678", null, null, ref);
  }
}
