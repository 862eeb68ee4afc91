package io.tillwatch.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlipayBillParserTest {
  private static final ZoneId SHANGHAI = BillFiles.SHANGHAI;
  private static final List<BillFiles.Row> ROWS = BillFiles.DAY;

  private final AlipayBillParser parser = new AlipayBillParser(SHANGHAI);

  private String refusal(byte[] content) {
    return assertThrows(BillRefusedException.class, () -> parser.parse(content)).getMessage();
  }

  private String refusal(String text) {
    return refusal(text.getBytes(BillFiles.GBK));
  }

  @Test
  void readsAGbkBillWithItsTabPaddedFields() throws Exception {
    Bill bill = parser.parse(BillFiles.alipay(ROWS));
    assertEquals(3, bill.lines().size());
    BillLine first = bill.lines().get(0);
    long at = LocalDateTime.parse("2026-12-01T10:00:02").atZone(SHANGHAI).toInstant().toEpochMilli();
    assertEquals(new BillLine(6, "20881234567890120156", "t0001", "T0001-000123", ROWS.get(0).acquirerRef(), "", 12_850,
        "CNY", BillStatus.CHARGED, at), first);
    BillLine refund = bill.lines().get(2);
    assertEquals(BillStatus.REFUNDED, refund.status());
    assertEquals(12_850, refund.amount());
  }

  @Test
  void utf8IsTheWrongEncoding() {
    byte[] utf8 = BillFiles.alipayText(ROWS).getBytes(StandardCharsets.UTF_8);
    assertTrue(refusal(utf8).startsWith("wrong encoding: expected GBK"), refusal(utf8));
    assertTrue(refusal(BillFiles.withBom(utf8)).startsWith("wrong encoding: expected GBK"));
  }

  @Test
  void mojibakeIsTheWrongEncoding() {
    // a UTF-8 bill opened as GBK and saved again: valid GBK bytes, garbled text
    String garbled = new String(BillFiles.alipayText(ROWS).getBytes(StandardCharsets.UTF_8), BillFiles.GBK);
    byte[] content = garbled.getBytes(BillFiles.GBK);
    assertTrue(refusal(content).startsWith("wrong encoding: expected GBK"), refusal(content));
  }

  @Test
  void aMissingTrailerIsATruncatedFile() {
    String text = BillFiles.alipayText(ROWS);
    String cut = text.substring(0, text.indexOf("#-----------------------------------------业务明细列表结束"));
    assertTrue(refusal(cut).startsWith("truncated: the trailer (#交易合计 and #退款合计) is missing"), refusal(cut));
    String halfTrailer = text.substring(0, text.indexOf("#退款合计"));
    assertTrue(refusal(halfTrailer).startsWith("truncated"));
  }

  @Test
  void aTrailerThatDisagreesWithTheRowsRefusesTheFile() {
    String text = BillFiles.alipayText(ROWS).replace("#交易合计：2笔", "#交易合计：3笔");
    assertTrue(refusal(text).startsWith("inconsistent or truncated: line 10 says 交易 3 rows, ¥138.40; the file has 2 rows"),
        refusal(text));
  }

  @Test
  void refundTotalsAgreeWhateverTheirSign() throws Exception {
    String text = BillFiles.alipayText(ROWS).replace("#退款合计：1笔，商家实收：-128.50元", "#退款合计：1笔，商家实收：128.50元");
    assertEquals(3, parser.parse(text.getBytes(BillFiles.GBK)).lines().size());
    assertTrue(refusal(text.replace("商家实收：128.50元", "商家实收：128.00元")).startsWith("inconsistent or truncated"));
  }

  @Test
  void aBadLineRefusesTheFileNamingIt() {
    String text = BillFiles.alipayText(ROWS);
    assertTrue(refusal(text.replace("2026-12-01 11:30:00,2026-12-01 11:30:00", "2026-12-01 11:30:00,yesterday"))
        .startsWith("line 7: not a time: 'yesterday'"));
    assertEquals("line 7: unknown 业务类型 '转账' (交易 or 退款)", refusal(text.replace("交易,咖啡\t,2026-12-01 11:30", "转账,咖啡\t,2026-12-01 11:30")));
    String row = text.split("\r\n")[6];
    assertEquals("line 7: expected 25 fields, found 11", refusal(text.replace(row, row.substring(0, row.indexOf(",9.90")))));
  }

  @Test
  void aFileWithoutTheColumnHeaderIsRefused() {
    String text = BillFiles.alipayText(ROWS).replace(BillFiles.ALIPAY_HEADER + "\r\n", "");
    assertTrue(refusal(text).startsWith("wrong encoding: expected GBK") || refusal(text).contains("column header"));
  }
}
