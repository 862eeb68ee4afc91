package io.tillwatch.reconcile;

import static io.tillwatch.reconcile.BillFiles.paid;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropFolderTest {
  private static final byte[] BILL = BillFiles.wechat(List.of(paid("2026-12-01 10:10:05", "t0001", "T1-002", "20.00")));

  @TempDir Path tmp;
  private Path drop;
  private ReconcileFixture f;
  private DropFolder folder;

  @BeforeEach
  void open() throws Exception {
    f = new ReconcileFixture(tmp.resolve("data"));
    drop = Files.createDirectories(tmp.resolve("drop"));
    folder = new DropFolder(drop, f.reconciler(Duration.ofDays(3)), Duration.ofMillis(50), Duration.ofSeconds(5),
        BillFiles.SHANGHAI, f.clock);
  }

  @AfterEach
  void close() {
    folder.stop();
    f.close();
  }

  /** A file written a minute before the fixture's clock: settled. */
  private Path put(String name, byte[] content) throws Exception {
    Path p = drop.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    Files.setLastModifiedTime(p, FileTime.fromMillis(f.clock.millis() - 60_000));
    return p;
  }

  @Test
  void importedFilesGoToDoneWithTheirReportAndRefusedOnesToRefusedWithTheReason() throws Exception {
    put("wechatpay-m001-2026-12-01.csv", BILL);
    put("alipay/20261201.csv", BillFiles.alipayText(BillFiles.DAY).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    put("bill.csv", BILL); // the name says no format and no date
    List<ImportResult> results = folder.scan();
    assertEquals(3, results.size());

    assertTrue(Files.exists(drop.resolve("done/wechatpay-m001-2026-12-01.csv")));
    String report = Files.readString(drop.resolve("done/wechatpay-m001-2026-12-01.csv.report.txt"));
    assertTrue(report.startsWith("imported\nwechatpay bill of 2026-12-01 for merchant m001"), report);
    assertTrue(Files.readString(drop.resolve("refused/20261201.csv.error.txt")).startsWith("wrong encoding: expected GBK"),
        "an Alipay bill saved as UTF-8");
    assertTrue(Files.readString(drop.resolve("refused/bill.csv.error.txt")).contains("does not end with the bill's date"));
    assertEquals(List.of(), folder.scan(), "nothing left to take");

    // the same bill dropped again: unchanged, and it still goes to done/
    put("wechatpay-m001-2026-12-01.csv", BILL);
    assertEquals(ImportResult.Status.UNCHANGED, folder.scan().get(0).status());
    try (var done = Files.list(drop.resolve("done"))) {
      assertEquals(4, done.count());
    }
  }

  @Test
  void aFileStillBeingWrittenIsLeftAlone() throws Exception {
    Path fresh = drop.resolve("wechatpay-2026-12-01.csv");
    Files.write(fresh, BILL);
    Files.setLastModifiedTime(fresh, FileTime.fromMillis(f.clock.millis() - 1_000));
    put("wechatpay-2026-12-01.csv.part", BILL);
    put(".wechatpay-2026-12-01.csv", BILL);
    assertEquals(List.of(), folder.scan());
    assertTrue(Files.exists(fresh));
  }

  @Test
  void startedItImportsWhatAppearsUntilStopped() throws Exception {
    folder.start();
    put("csv/m001-2026-12-01.csv", "ref,amount,time\nT1-9,1.00,2026-12-01 09:00:00\n".getBytes());
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(drop.resolve("done/m001-2026-12-01.csv.report.txt")));
    folder.stop();
    assertFalse(Files.exists(drop.resolve("csv/m001-2026-12-01.csv")));
    assertEquals(ImportResult.Status.IMPORTED, f.heard.get(0).status());
  }
}
