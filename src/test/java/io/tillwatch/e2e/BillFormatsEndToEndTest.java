package io.tillwatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.reconcile.Bill;
import io.tillwatch.reconcile.BillFormat;
import io.tillwatch.reconcile.BillLine;
import io.tillwatch.reconcile.BillParsers;
import io.tillwatch.reconcile.BillStatus;
import io.tillwatch.reconcile.CsvColumnMapping;
import io.tillwatch.sim.AcquirerLedger;
import io.tillwatch.sim.BackOfficeIds;
import io.tillwatch.sim.Bills;
import io.tillwatch.sim.LedgerEntry;
import io.tillwatch.sim.LedgerOutcome;
import io.tillwatch.telemetry.PaymentMethod;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The simulator's bill writers against TillWatch's bill parsers. Both were written apart from the
 * published layouts (WeChat Pay's trade bill, Alipay's GBK bill with its trailer, the generic CSV);
 * this is where a misreading on either side shows. Each format must parse whole, with the ledger's
 * charges and refunds.
 */
class BillFormatsEndToEndTest {
  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);

  @Test
  void everyFormatTheSimulatorWritesIsReadBackWithItsChargesAndRefunds() throws Exception {
    AcquirerLedger ledger = new AcquirerLedger();
    long at = DAY.atTime(10, 0).atZone(CHINA).toInstant().toEpochMilli();
    record(ledger, "a-1", 12_850, at, LedgerOutcome.CHARGED);
    record(ledger, "a-2", 990, at + 60_000, LedgerOutcome.REVERSED);
    record(ledger, "a-3", 500, at + 120_000, LedgerOutcome.NOT_CHARGED);
    record(ledger, "a-4", 3_300, at + 180_000, LedgerOutcome.CHARGED);
    Bills bills = new Bills(ledger, new BackOfficeIds(List.of("m001")));

    Map<String, String> expected = new TreeMap<>(Map.of(
        "t00001-a-1", "CHARGED 12850", "t00001-a-2", "CHARGED 990 + REFUNDED 990", "t00001-a-4", "CHARGED 3300"));
    for (BillFormat format : BillFormat.values()) {
      CsvColumnMapping columns = CsvColumnMapping.parse(Bills.GENERIC_COLUMNS);
      Bill bill = BillParsers.of(format, CHINA, columns).parse(bills.bill("m001", DAY, format.label()));
      Map<String, String> seen = new TreeMap<>();
      for (BillLine l : bill.lines()) {
        seen.merge(l.ref(), l.status().name() + " " + l.amount(), (a, b) -> a + " + " + b);
        assertEquals("CNY", l.currency());
      }
      assertEquals(expected, seen, format.label());
      assertEquals(4, bill.lines().size(), format.label());
      assertEquals(1, bill.lines().stream().filter(l -> l.status() == BillStatus.REFUNDED).count(), format.label());
    }
  }

  private static void record(AcquirerLedger ledger, String txn, long amount, long at, LedgerOutcome o) {
    boolean moved = o == LedgerOutcome.CHARGED || o == LedgerOutcome.REVERSED;
    ledger.record(new LedgerEntry("m001", "t00001", txn, "t00001-" + txn, amount, "CNY", PaymentMethod.QR, "4334123456" + txn.charAt(2),
        "A1B2C3", at, moved ? at + 1_000 : -1, o, true, 0));
  }
}
