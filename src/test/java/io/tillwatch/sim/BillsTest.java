package io.tillwatch.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.PaymentMethod;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bills read back in their own format: WeChat Pay's backticks and summary, Alipay's GBK and # trailer, the generic CSV. */
class BillsTest {
  private static final LocalDate DAY = LocalDate.of(2026, 12, 1);
  private final AcquirerLedger ledger = new AcquirerLedger();
  private final Bills bills = new Bills(ledger, new BackOfficeIds(List.of("m001", "m002")));

  @BeforeEach
  void book() {
    long at = ZonedDateTime.of(2026, 12, 1, 10, 0, 0, 0, BackOfficeView.CHINA).toInstant().toEpochMilli();
    ledger.record(entry("m001", "a-1", 12_850, at, LedgerOutcome.CHARGED));
    ledger.record(entry("m001", "a-2", 990, at + 60_000, LedgerOutcome.REVERSED));
    ledger.record(entry("m001", "a-3", 500, at + 120_000, LedgerOutcome.NOT_CHARGED));
    ledger.record(entry("m002", "b-1", 7_000, at, LedgerOutcome.CHARGED)); // another merchant
    ledger.record(entry("m001", "a-4", 1_000, at + 86_400_000L, LedgerOutcome.CHARGED)); // the next day
  }

  private static LedgerEntry entry(String merchant, String txn, long amount, long at, LedgerOutcome o) {
    boolean moved = o == LedgerOutcome.CHARGED || o == LedgerOutcome.REVERSED;
    return new LedgerEntry(merchant, "t00001", txn, "t00001-" + txn, amount, "CNY", PaymentMethod.QR, "4334123456" + txn.charAt(2),
        "A1B2C3", at, moved ? at + 1_000 : -1, o, true, 0);
  }

  @Test
  void wechatTradeBillHasBacktickedRowsAndASummary(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("wx.csv");
    bills.write("m001", DAY, "wechatpay", f);
    List<String> lines = Arrays.asList(Files.readString(f, StandardCharsets.UTF_8).split("\r\n"));
    assertEquals(String.join(",", Bills.WECHAT_HEADER), lines.get(0));
    assertEquals(27, Bills.WECHAT_HEADER.size());
    List<String[]> rows = lines.subList(1, lines.size() - 2).stream().map(l -> l.split(",", -1)).toList();
    assertEquals(3, rows.size(), "a payment, a payment and its refund; the unpaid order is not billed");
    for (String[] r : rows) {
      assertEquals(27, r.length);
      assertTrue(Arrays.stream(r).allMatch(x -> x.startsWith("`")), Arrays.toString(r));
    }
    String[] first = strip(rows.get(0));
    assertEquals("2026-12-01 10:00:01", first[0]);
    assertEquals("1900000001", first[2]);
    assertEquals("t00001", first[4], "设备号 is the terminal");
    assertEquals("t00001-a-1", first[6], "商户订单号 is the sale's ref");
    assertEquals("SUCCESS", first[9]);
    assertEquals("128.50", first[12]);
    assertEquals("0.77100", first[22]);
    String[] refund = strip(rows.get(2));
    assertEquals("REFUND", refund[9]);
    assertEquals("9.90", refund[16]);
    assertEquals(String.join(",", Bills.WECHAT_SUMMARY), lines.get(lines.size() - 2));
    String[] total = strip(lines.get(lines.size() - 1).split(",", -1));
    assertTrue(Arrays.stream(lines.get(lines.size() - 1).split(",")).allMatch(x -> x.startsWith("`")));
    // Totals run over every row, the refund row (which repeats the order amount) included, as in WeChat Pay's sample.
    assertEquals(List.of("3", "148.30", "9.90", "0.00", "0.77100", "148.30", "9.90"), List.of(total));
  }

  @Test
  void alipayBillIsGbkWithCommentHeaderAndTotalsTrailer() throws Exception {
    byte[] bytes = bills.bill("m001", DAY, "alipay");
    assertThrows(CharacterCodingException.class, () -> StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)),
        "GBK, not UTF-8");
    String text = new String(bytes, Bills.GBK);
    assertArrayEquals(bytes, text.getBytes(Bills.GBK));
    List<String> lines = Arrays.asList(text.split("\r\n"));
    assertEquals("#支付宝业务明细查询", lines.get(0));
    assertTrue(lines.get(2).startsWith("#起始日期：[2026年12月01日 00:00:00]"), lines.get(2));
    int header = lines.indexOf(String.join(",", Bills.ALIPAY_HEADER));
    assertTrue(header > 0 && lines.subList(0, header).stream().allMatch(l -> l.startsWith("#")));
    List<String[]> rows = lines.subList(header + 1, lines.size()).stream().takeWhile(l -> !l.startsWith("#")).map(l -> l.split(",", -1))
        .toList();
    assertEquals(3, rows.size());
    String[] pay = rows.get(0);
    assertEquals(Bills.ALIPAY_HEADER.size(), pay.length);
    assertEquals("t00001-a-1", pay[1].trim());
    assertEquals("交易", pay[2]);
    assertEquals("t00001", pay[9]);
    assertEquals("128.50", pay[11]);
    assertEquals("退款", rows.get(2)[2]);
    assertEquals("-9.90", rows.get(2)[12]);
    List<String> trailer = lines.subList(header + 1 + rows.size(), lines.size());
    assertTrue(trailer.stream().allMatch(l -> l.startsWith("#")));
    assertTrue(trailer.contains("#交易合计：2笔，商家实收共计：138.40元，商家优惠共计：0.00元"), trailer.toString());
    assertTrue(trailer.contains("#退款合计：1笔，商家实收退款共计：-9.90元，商家优惠退款共计：0.00元"), trailer.toString());
    assertTrue(trailer.get(trailer.size() - 1).startsWith("#导出时间：["));
  }

  @Test
  void genericCsvListsTheMoneyThatMovedThatDay() {
    List<String> lines = Arrays.asList(new String(bills.bill("m001", DAY, "csv"), StandardCharsets.UTF_8).split("\n"));
    assertEquals("time,merchant,terminal,txn,ref,rrn,amount,currency,status,reference", lines.get(0));
    assertEquals(4, lines.size(), "a charge, and a reversed sale's charge and reversal; the uncharged sale is absent");
    assertTrue(lines.get(1).contains(",m001,t00001,a-1,t00001-a-1,"), lines.get(1));
    assertTrue(lines.get(1).contains(",12850,CNY,APPROVED,ACQ"), lines.get(1));
    assertTrue(lines.get(2).contains(",990,CNY,APPROVED,ACQ"), lines.get(2));
    assertTrue(lines.get(3).contains(",990,CNY,REVERSED,ACQ"), lines.get(3));
    assertFalse(String.join("\n", lines).contains("a-3"));
    assertFalse(String.join("\n", lines).contains("b-1"));
    assertThrows(IllegalArgumentException.class, () -> bills.bill("m001", DAY, "pdf"));
  }

  private static String[] strip(String[] backticked) {
    return Arrays.stream(backticked).map(s -> s.substring(1)).toArray(String[]::new);
  }
}
