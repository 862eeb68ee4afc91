package io.tillwatch.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeChatPayBillParserTest {
  private static final ZoneId SHANGHAI = BillFiles.SHANGHAI;
  private static final List<BillFiles.Row> ROWS = BillFiles.DAY;

  private final WeChatPayBillParser parser = new WeChatPayBillParser(SHANGHAI);

  private static long at(String local) {
    return LocalDateTime.parse(local.replace(' ', 'T')).atZone(SHANGHAI).toInstant().toEpochMilli();
  }

  private String refusal(String text) {
    return assertThrows(BillRefusedException.class, () -> parser.parse(text.getBytes(StandardCharsets.UTF_8))).getMessage();
  }

  @Test
  void readsPaymentsAndRefundsOfAPlatformDownload() throws Exception {
    Bill bill = parser.parse(BillFiles.wechat(ROWS));
    assertEquals(3, bill.lines().size());
    BillLine first = bill.lines().get(0);
    assertEquals(new BillLine(2, "1900000001", "t0001", "T0001-000123", ROWS.get(0).acquirerRef(), "", 12_850, "CNY",
        BillStatus.CHARGED, at("2026-12-01 10:00:02")), first);
    assertEquals(990, bill.lines().get(1).amount());
    BillLine refund = bill.lines().get(2);
    assertEquals(BillStatus.REFUNDED, refund.status());
    assertEquals(12_850, refund.amount());
    assertEquals(4, refund.lineNo());
  }

  @Test
  void aServiceProvidersBillNamesTheSubMerchant() throws Exception {
    String text = BillFiles.wechatText(ROWS.subList(0, 1)).replace("`1900000001,`0,", "`1900000001,`1230000109,");
    assertEquals("1230000109", parser.parse(text.getBytes(StandardCharsets.UTF_8)).lines().get(0).merchant());
  }

  @Test
  void aReversedPaymentReturnsTheWholeAmount() throws Exception {
    String text = BillFiles.wechatText(ROWS.subList(1, 2)).replace("`SUCCESS", "`REVOKED");
    BillLine l = parser.parse(text.getBytes(StandardCharsets.UTF_8)).lines().get(0);
    assertEquals(BillStatus.REFUNDED, l.status());
    assertEquals(990, l.amount());
  }

  @Test
  void anEmptyDayIsABillToo() throws Exception {
    assertEquals(List.of(), parser.parse(BillFiles.wechat(List.of())).lines());
  }

  @Test
  void aFieldWithoutItsBacktickRefusesTheFileNamingTheLine() {
    String text = BillFiles.wechatText(ROWS).replace("`9.90", "9.90");
    assertEquals("line 3: field 13 is not prefixed with a backtick", refusal(text));
  }

  @Test
  void aBadAmountRefusesTheFileNamingTheLine() {
    String text = BillFiles.wechatText(ROWS).replace("`9.90,`0.00", "`9.9x,`0.00");
    assertEquals("line 3: not an amount in yuan: '9.9x'", refusal(text));
  }

  @Test
  void aBadTimeOrStateRefusesTheFile() {
    assertTrue(refusal(BillFiles.wechatText(ROWS).replace("`2026-12-01 11:30:00", "`2026-12-01 25:30:00"))
        .startsWith("line 3: not a time"));
    assertEquals("line 2: unknown 交易状态 'PAYING' (SUCCESS, REFUND or REVOKED)",
        refusal(BillFiles.wechatText(ROWS).replaceFirst("`SUCCESS", "`PAYING")));
  }

  @Test
  void aLineCutShortRefusesTheFile() {
    String text = BillFiles.wechatText(ROWS);
    String second = text.split("\r\n")[2];
    String cut = text.replace(second, second.substring(0, second.indexOf(",`CNY")));
    assertEquals("line 3: expected 27 fields, found 11", refusal(cut));
  }

  @Test
  void aMissingSummaryIsATruncatedFile() {
    String text = BillFiles.wechatText(ROWS);
    String noSummary = text.substring(0, text.indexOf(BillFiles.WECHAT_SUMMARY_HEADER));
    assertTrue(refusal(noSummary).startsWith("truncated: the summary (总交易单数,应结订单总金额,...) is missing"));
    String headerOnly = text.substring(0, text.lastIndexOf("`3,"));
    assertTrue(refusal(headerOnly).startsWith("truncated: the summary header at line 5 has no summary line"));
  }

  @Test
  void aSummaryThatDisagreesWithTheRowsRefusesTheFile() {
    String text = BillFiles.wechatText(ROWS);
    // a row lost in the middle: the count no longer agrees
    String lost = text.replace(text.split("\r\n")[2] + "\r\n", "");
    assertEquals("inconsistent or truncated: the summary at line 5 says 3 rows, the file has 2", refusal(lost));
    // an amount changed: the total no longer agrees
    String changed = text.replace("`9.90,`0.00", "`19.90,`0.00");
    assertTrue(refusal(changed).contains("says 应结订单总金额 ¥138.40, the rows add up to ¥148.40"), refusal(changed));
    assertTrue(refusal(text + "`1,`2\r\n").startsWith("line 7: unexpected content after the summary line"));
  }

  @Test
  void notUtf8IsTheWrongEncoding() {
    byte[] gbk = BillFiles.wechatText(ROWS).getBytes(BillFiles.GBK);
    assertEquals("wrong encoding: expected UTF-8 (WeChat Pay bills are UTF-8)",
        assertThrows(BillRefusedException.class, () -> parser.parse(gbk)).getMessage());
  }

  @Test
  void anotherFileIsNotAWeChatBill() {
    assertTrue(refusal("a,b,c\n1,2,3\n").startsWith("line 1: not a WeChat Pay trade bill header"));
    assertEquals("empty file", refusal(""));
  }
}
