package io.tillwatch.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MappedCsvBillParserTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final CsvColumnMapping MAPPING = CsvColumnMapping.parse(
      "merchant=Merchant,terminal=Terminal ID,ref=Order No,rrn=RRN,amount=Amount (fen),time=Settled At,status=Status,"
          + "amount-unit=minor,charged=APPROVED,refunded=REFUND|VOID");

  private static Bill parse(CsvColumnMapping mapping, String text) throws BillRefusedException {
    return new MappedCsvBillParser(mapping, SHANGHAI).parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheMappedColumnsInAnyOrder() throws Exception {
    String text = "Status,Order No,Amount (fen),Terminal ID,Merchant,RRN,Settled At,Extra\n"
        + "APPROVED,T1-9,12850,t0001,m001,433412345678,2026-12-01T02:00:02Z,x\n"
        + "VOID,\"T1-10, split\",990,t0001,m001,,2026-12-01 11:00:00,\"quoted \"\"y\"\"\"\n";
    Bill bill = parse(MAPPING, text);
    assertEquals(new BillLine(2, "m001", "t0001", "T1-9", "", "433412345678", 12_850, "CNY", BillStatus.CHARGED,
        Instant.parse("2026-12-01T02:00:02Z").toEpochMilli()), bill.lines().get(0));
    BillLine second = bill.lines().get(1);
    assertEquals("T1-10, split", second.ref());
    assertEquals(BillStatus.REFUNDED, second.status());
    assertEquals(Instant.parse("2026-12-01T03:00:00Z").toEpochMilli(), second.timeMs());
  }

  @Test
  void theDefaultMappingReadsYuanUnderTheFieldsOwnNames() throws Exception {
    Bill bill = parse(CsvColumnMapping.DEFAULT, "\uFEFFmerchant,terminal,ref,amount,time\nm001,t1,R1,128.50,2026-12-01 10:00:00\n"
        + "m001,t1,R2,-9.90,2026-12-01 10:05:00\n");
    assertEquals(12_850, bill.lines().get(0).amount());
    assertEquals(BillStatus.REFUNDED, bill.lines().get(1).status());
    assertEquals(990, bill.lines().get(1).amount());
  }

  @Test
  void everyBadLineRefusesTheFileNamingIt() {
    String head = "ref,amount,time,status\n";
    assertTrue(refusal(MAPPING, "Order No,Amount (fen),Settled At,Status\nA,1,2026-12-01 10:00:00,APPROVED\n"
        + "B,2,2026-12-01 10:00:00,PENDING\n").startsWith("line 3: unknown status 'PENDING'"));
    assertEquals("line 2: not an amount in yuan: '12.850'", refusal(CsvColumnMapping.DEFAULT,
        head + "A,12.850,2026-12-01 10:00:00,\n"));
    assertEquals("line 2: the ref column is empty", refusal(CsvColumnMapping.DEFAULT, head + ",1.00,2026-12-01 10:00:00,\n"));
    assertEquals("line 2: expected 4 fields, found 3", refusal(CsvColumnMapping.DEFAULT, head + "A,1.00,2026-12-01 10:00:00\n"));
    assertEquals("line 2: a quoted field is not closed", refusal(CsvColumnMapping.DEFAULT, head + "\"A,1.00,x,\n"));
    assertEquals("line 1: column time is missing from the header", refusal(CsvColumnMapping.DEFAULT, "ref,amount\nA,1\n"));
  }

  @Test
  void aBadMappingIsRefusedNamingThePart() {
    assertEquals("column mapping: unknown field 'shop'",
        assertThrows(IllegalArgumentException.class, () -> CsvColumnMapping.parse("shop=Shop")).getMessage());
    assertEquals("column mapping: expected key=value, found 'ref'",
        assertThrows(IllegalArgumentException.class, () -> CsvColumnMapping.parse("ref")).getMessage());
  }

  private static String refusal(CsvColumnMapping mapping, String text) {
    return assertThrows(BillRefusedException.class, () -> parse(mapping, text)).getMessage();
  }
}
