package io.tillwatch.reconcile;

import static io.tillwatch.reconcile.BillFiles.paid;
import static io.tillwatch.reconcile.ReconcileFixture.DAY;
import static io.tillwatch.reconcile.ReconcileFixture.M;
import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.STARTED;
import static io.tillwatch.telemetry.PaymentMethod.QR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused bills leave nothing; a failure while keeping an import leaves nothing; an interrupted import completes. */
class ImportSafetyTest {
  private static final Duration KEEP = Duration.ofDays(3);

  @TempDir Path dir;
  private ReconcileFixture f;
  private Task unprinted;

  @BeforeEach
  void sales() {
    f = new ReconcileFixture(dir);
    f.sale("s2", "T1-002", 2_000, QR, "2026-12-01 10:10:00", STARTED, AUTHORIZED);
    unprinted = f.openTask(FindingKind.UNPRINTED_RECEIPT, "s2", 2_000);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static final byte[] BILL = BillFiles.wechat(List.of(
      paid("2026-12-01 10:10:05", "t0001", "T1-002", "20.00"),
      paid("2026-12-01 10:40:05", "t0001", "T1-005", "50.00")));

  private long imports() {
    return f.store.reconcile().findImport(Reconciler.sha256(BILL)).isPresent() ? 1 : 0;
  }

  private void assertNothingChanged() {
    assertEquals(0, imports());
    assertEquals(TaskState.OPEN, f.task(unprinted.id()).state());
    assertEquals(List.of(), f.tasksOf(FindingKind.SETTLED_NOT_SEEN));
  }

  @Test
  void aRefusedBillImportsNothingAndSaysWhy() {
    String text = BillFiles.wechatText(List.of(paid("2026-12-01 10:10:05", "t0001", "T1-002", "20.00")));
    byte[] truncated = text.substring(0, text.indexOf("总交易单数")).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ImportResult r = f.reconciler(KEEP).importBill("cut.csv", truncated, BillFormat.WECHATPAY, DAY, M);
    assertEquals(ImportResult.Status.REFUSED, r.status());
    assertTrue(r.error().startsWith("truncated"), r.error());
    assertTrue(ReportText.write(r, BillFiles.SHANGHAI).contains("nothing was imported"));
    assertEquals(List.of(r), f.heard);
    assertNothingChanged();
  }

  @Test
  void aLineOfAnotherDayRefusesTheFile() {
    ImportResult r = f.reconciler(KEEP).importBill("b.csv", BILL, BillFormat.WECHATPAY, DAY.plusDays(1), M);
    assertEquals(ImportResult.Status.REFUSED, r.status());
    assertEquals("line 2: 2026-12-01 10:10:05 is not on 2026-12-02 (Asia/Shanghai): a bill of another day", r.error());
    assertNothingChanged();
  }

  @Test
  void aFailureWhileKeepingTheImportLeavesNothing() {
    ReconcileStore failing = new DelegatingStore(f.store.reconcile()) {
      @Override
      public CompletableFuture<Optional<Long>> saveImport(ReconcileReport report) {
        // a report line the table refuses (merchant is NOT NULL) after the import row was written
        List<ReportLine> lines = new java.util.ArrayList<>(report.lines());
        ReportLine l = lines.get(0);
        lines.add(new ReportLine(l.outcome(), l.billLines(), null, l.terminal(), l.txn(), l.ref(), l.acquirerRef(),
            l.billAmount(), l.saleAmount(), l.currency(), l.timeMs(), null, null));
        return super.saveImport(report.withLines(lines));
      }
    };
    assertThrows(RuntimeException.class,
        () -> f.reconciler(failing, KEEP).importBill("b.csv", BILL, BillFormat.WECHATPAY, DAY, M));
    assertNothingChanged();
    // and the same file imports cleanly afterwards
    assertEquals(ImportResult.Status.IMPORTED,
        f.reconciler(KEEP).importBill("b.csv", BILL, BillFormat.WECHATPAY, DAY, M).status());
  }

  @Test
  void anImportInterruptedBeforeItsTaskChangesWereRecordedIsCompletedByImportingItAgain() {
    AtomicBoolean crash = new AtomicBoolean(true);
    ReconcileStore interrupted = new DelegatingStore(f.store.reconcile()) {
      @Override
      public CompletableFuture<Void> effectsApplied(long importId, ReconcileReport report) {
        if (crash.getAndSet(false)) {
          throw new IllegalStateException("killed");
        }
        return super.effectsApplied(importId, report);
      }
    };
    assertThrows(IllegalStateException.class,
        () -> f.reconciler(interrupted, KEEP).importBill("b.csv", BILL, BillFormat.WECHATPAY, DAY, M));
    assertEquals(1, imports());
    ImportResult again = f.reconciler(KEEP).importBill("b.csv", BILL, BillFormat.WECHATPAY, DAY, M);
    assertEquals(ImportResult.Status.UNCHANGED, again.status());
    assertEquals(TaskState.RESOLVED, f.task(unprinted.id()).state());
    assertEquals(1, f.tasksOf(FindingKind.SETTLED_NOT_SEEN).size(), "applied twice, opened once");
    assertTrue(again.report().lines().stream().allMatch(l -> l.taskId() != null));
    assertTrue(f.store.reconcile().findImport(Reconciler.sha256(BILL)).orElseThrow().effectsDone());
  }

  /** Forwards everything; tests override the one step they break. */
  private static class DelegatingStore implements ReconcileStore {
    private final ReconcileStore d;

    DelegatingStore(ReconcileStore d) {
      this.d = d;
    }

    @Override
    public java.util.Map<BillFormat, Long> lastImportedAtMs() {
      return d.lastImportedAtMs();
    }

    @Override
    public Optional<StoredImport> findImport(String sha256) {
      return d.findImport(sha256);
    }

    @Override
    public List<JournalSale> sales(long from, long to) {
      return d.sales(from, to);
    }

    @Override
    public List<Task> unresolvedSaleTasks() {
      return d.unresolvedSaleTasks();
    }

    @Override
    public Optional<Task> taskByKey(String dedupeKey) {
      return d.taskByKey(dedupeKey);
    }

    @Override
    public CompletableFuture<Optional<Long>> saveImport(ReconcileReport report) {
      return d.saveImport(report);
    }

    @Override
    public CompletableFuture<Void> effectsApplied(long importId, ReconcileReport report) {
      return d.effectsApplied(importId, report);
    }

    @Override
    public CompletableFuture<Void> barrier() {
      return d.barrier();
    }
  }
}
