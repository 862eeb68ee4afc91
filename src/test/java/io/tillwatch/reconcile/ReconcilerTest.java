package io.tillwatch.reconcile;

import static io.tillwatch.reconcile.BillFiles.paid;
import static io.tillwatch.reconcile.BillFiles.refunded;
import static io.tillwatch.reconcile.ReconcileFixture.DAY;
import static io.tillwatch.reconcile.ReconcileFixture.M;
import static io.tillwatch.telemetry.EventType.AUTHORIZED;
import static io.tillwatch.telemetry.EventType.PRINTED;
import static io.tillwatch.telemetry.EventType.REVERSAL_QUEUED;
import static io.tillwatch.telemetry.EventType.STARTED;
import static io.tillwatch.telemetry.PaymentMethod.CARD;
import static io.tillwatch.telemetry.PaymentMethod.QR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A WeChat Pay bill matched against a real SQLite journal and task table: every outcome, then a re-import. */
class ReconcilerTest {
  private static final Duration KEEP = Duration.ofDays(3);

  @TempDir Path dir;
  private ReconcileFixture f;
  private Task unprinted;
  private Task unconfirmed;
  private Task reversalStillCharged;
  private Task reversalRefunded;

  @BeforeEach
  void journalAndTasks() {
    f = new ReconcileFixture(dir);
    f.sale("s1", "T1-001", 12_850, QR, "2026-12-01 10:00:00", STARTED, AUTHORIZED, PRINTED);
    f.sale("s2", "T1-002", 2_000, QR, "2026-12-01 10:10:00", STARTED, AUTHORIZED);
    unprinted = f.openTask(FindingKind.UNPRINTED_RECEIPT, "s2", 2_000);
    f.sale("s3", "T1-003", 3_000, QR, "2026-12-01 10:20:00", STARTED);
    unconfirmed = f.openTask(FindingKind.UNCONFIRMED_SALE, "s3", 3_000);
    f.sale("s4", "T1-004", 4_000, QR, "2026-12-01 10:30:00", STARTED);
    f.sale("s6", "T1-006", 5_000, QR, "2026-12-01 11:00:00", STARTED, AUTHORIZED, PRINTED);
    f.sale("s7", "T1-007", 7_000, QR, "2026-12-01 12:00:00", STARTED, AUTHORIZED, PRINTED);
    f.sale("s8", null, 8_000, CARD, "2026-12-01 13:00:00", STARTED, AUTHORIZED, PRINTED);
    f.sale("s9", null, 3_300, QR, "2026-12-01 15:00:00", STARTED, AUTHORIZED, PRINTED);
    f.sale("s10", "T1-010", 1_000, QR, "2026-12-01 16:00:00", STARTED, AUTHORIZED, REVERSAL_QUEUED);
    reversalStillCharged = f.openTask(FindingKind.STUCK_REVERSAL, "s10", 1_000);
    f.sale("s11", "T1-011", 1_100, QR, "2026-12-01 16:10:00", STARTED, AUTHORIZED, REVERSAL_QUEUED);
    reversalRefunded = f.openTask(FindingKind.STUCK_REVERSAL, "s11", 1_100);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private static byte[] bill() {
    return BillFiles.wechat(List.of(
        paid("2026-12-01 10:00:05", "t0001", "T1-001", "128.50"),
        paid("2026-12-01 10:10:05", "t0001", "T1-002", "20.00"),
        paid("2026-12-01 10:20:05", "t0001", "T1-003", "30.00"),
        paid("2026-12-01 10:30:05", "t0001", "T1-004", "40.00"),
        paid("2026-12-01 10:40:05", "t0001", "T1-005", "50.00"),
        paid("2026-12-01 11:00:05", "t0001", "T1-006", "55.00"),
        paid("2026-12-01 15:01:00", "t0001", "X-9", "33.00"),
        paid("2026-12-01 16:00:05", "t0001", "T1-010", "10.00"),
        paid("2026-12-01 16:10:05", "t0001", "T1-011", "11.00"),
        refunded("2026-12-01 16:20:00", "t0001", "T1-011", "11.00")));
  }

  private ImportResult importBill() {
    return f.reconciler(KEEP).importBill("wechat-20261201.csv", bill(), BillFormat.WECHATPAY, DAY, M);
  }

  private static Map<String, ReportLine> byOrder(ReconcileReport r) {
    return r.lines().stream().collect(Collectors.toMap(l -> l.ref().isEmpty() ? l.txn() : l.ref(), Function.identity()));
  }

  @Test
  void everyOutcomeOfOneBill() {
    ImportResult result = importBill();
    assertEquals(ImportResult.Status.IMPORTED, result.status());
    Map<String, ReportLine> lines = byOrder(result.report());

    assertEquals(Outcome.MATCHED, lines.get("T1-001").outcome());
    assertEquals("s1", lines.get("T1-001").txn());
    assertEquals(Outcome.SETTLED_TASK, lines.get("T1-002").outcome());
    assertEquals(unprinted.id(), lines.get("T1-002").taskId());
    assertEquals(Outcome.SETTLED_TASK, lines.get("T1-003").outcome());
    assertEquals(Outcome.CHARGE_NOT_SEEN, lines.get("T1-004").outcome());
    assertEquals("s4", lines.get("T1-004").txn());
    assertEquals(Outcome.CHARGE_NOT_SEEN, lines.get("T1-005").outcome());
    assertNull(lines.get("T1-005").txn());
    assertEquals(Outcome.AMOUNT_MISMATCH, lines.get("T1-006").outcome());
    assertEquals(5_500, lines.get("T1-006").billAmount());
    assertEquals(5_000, lines.get("T1-006").saleAmount());
    assertEquals(Outcome.MATCHED, lines.get("X-9").outcome(), "by terminal, amount and time");
    assertEquals("s9", lines.get("X-9").txn());
    assertEquals(Outcome.MATCHED, lines.get("T1-010").outcome());
    assertEquals(reversalStillCharged.id(), lines.get("T1-010").taskId());
    assertEquals(Outcome.SETTLED_TASK, lines.get("T1-011").outcome());
    assertEquals(List.of(10, 11), lines.get("T1-011").billLines());
    assertEquals(Outcome.NOT_IN_BILL, lines.get("T1-007").outcome());
    assertTrue(lines.values().stream().noneMatch(l -> "s8".equals(l.txn())), "a card sale is not expected in a wallet bill");
    assertEquals(10, result.report().lines().size());

    // settled tasks: resolved FOUND_IN_BACKOFFICE by TillWatch, the bill line as evidence
    for (Task settled : List.of(unprinted, unconfirmed, reversalRefunded)) {
      Task t = f.task(settled.id());
      assertEquals(TaskState.RESOLVED, t.state(), settled.kind().name());
      assertEquals(Resolution.FOUND_IN_BACKOFFICE, t.resolution().how());
      assertEquals(TaskHistoryEntry.SYSTEM, t.resolution().by());
      assertTrue(t.resolution().note().startsWith("Settlement bill (wechatpay, 2026-12-01) line "), t.resolution().note());
    }
    assertTrue(f.task(unprinted.id()).resolution().note().contains("charged ¥20.00 at 2026-12-01T10:10:05+08:00, order T1-002"),
        f.task(unprinted.id()).resolution().note());
    assertEquals(TaskState.OPEN, f.task(reversalStillCharged.id()).state(), "charged and not refunded: refund by hand");

    // charges never seen complete: one SETTLED_NOT_SEEN task each, subject = the order number
    List<Task> notSeen = f.tasksOf(FindingKind.SETTLED_NOT_SEEN);
    assertEquals(2, notSeen.size());
    Task s4 = notSeen.stream().filter(t -> "T1-004".equals(t.key().subject())).findFirst().orElseThrow();
    assertEquals("s4", s4.sale().txn());
    assertEquals(4_000, s4.sale().amount());
    assertEquals(s4.id(), lines.get("T1-004").taskId());
    assertNotNull(lines.get("T1-005").taskId());

    assertEquals(List.of(result), f.heard);
  }

  @Test
  void reImportingTheSameFileChangesNothingAndSaysSo() {
    ImportResult first = importBill();
    List<Task> tasksBefore = f.tasks.list(io.tillwatch.tasks.TaskQuery.all().limit(500).build()).items();
    ImportResult again = importBill();
    assertEquals(ImportResult.Status.UNCHANGED, again.status());
    assertEquals(first.report(), again.report());
    assertEquals(tasksBefore, f.tasks.list(io.tillwatch.tasks.TaskQuery.all().limit(500).build()).items());
    assertTrue(ReportText.write(again, BillFiles.SHANGHAI).startsWith("unchanged: this file was imported before"));
  }

  @Test
  void anOperatorsEarlierResolutionIsNeverOverridden() {
    f.tasks.resolve(unprinted.id(), Resolution.REPRINTED, "alice", "reprinted").join();
    importBill();
    assertEquals(Resolution.REPRINTED, f.task(unprinted.id()).resolution().how());
  }

  @Test
  void anEmptyBillForAMerchantListsEverySaleItSawComplete() {
    byte[] empty = BillFiles.wechat(List.of());
    ReconcileReport r = f.reconciler(KEEP).importBill("empty.csv", empty, BillFormat.WECHATPAY, DAY, M).report();
    assertEquals(List.of("s1", "s6", "s7", "s9"), r.lines().stream().map(ReportLine::txn).sorted().toList());
    assertTrue(r.lines().stream().allMatch(l -> l.outcome() == Outcome.NOT_IN_BILL));
  }

  @Test
  void chargesOlderThanTheJournalKeepsAreNotJudged() {
    f.clock.set(ReconcileFixture.at("2026-12-02 10:45:00")); // journal.retention 24h: before 2026-12-01 10:45 may be pruned
    ImportResult r = f.reconciler(Duration.ofHours(24)).importBill("b.csv", bill(), BillFormat.WECHATPAY, DAY, M);
    Map<String, ReportLine> lines = byOrder(r.report());
    assertEquals(Outcome.PAST_RETENTION, lines.get("T1-005").outcome());
    assertNull(lines.get("T1-005").taskId());
    assertEquals(Outcome.CHARGE_NOT_SEEN, lines.get("T1-004").outcome(), "a sale the journal still holds is judged");
    assertEquals(1, f.tasksOf(FindingKind.SETTLED_NOT_SEEN).size());
    assertTrue(r.report().warnings().get(0).contains("journal.retention"));
  }
}
