package io.tillwatch.reconcile;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alipay's trade bill ("业务明细"), as the merchant portal and the bill download give it: GBK text.
 *
 * <p>Layout: '#' comment lines first (title, "#账号：[2088...]", the period), then a column header row
 * (支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,
 * 对方账户,订单金额（元）,商家实收（元）,...), one row per payment (业务类型 交易) or refund (退款),
 * fields often padded with tabs; then '#' trailer lines: the end-of-list marker and
 * "#交易合计：N笔，商家实收：X元..." / "#退款合计：M笔，商家实收：Y元...". The trailer is the file's
 * checksum: a missing one means the file was cut short; counts and sums that disagree with the
 * rows mean it was altered. Both refuse the file.
 *
 * <p>Encoding: the bytes must be valid GBK and must decode to Alipay's column header. A UTF-8 file
 * (a re-saved bill, or one with a BOM) and mojibake are refused with "wrong encoding: expected GBK".
 * The merchant is the import's one when given, else the account in the "#账号" comment.
 */
public final class AlipayBillParser implements BillParser {
  public static final Charset GBK = Charset.forName("GBK");
  private static final String HEADER_FIRST = "支付宝交易号";
  private static final Pattern ACCOUNT = Pattern.compile("#账号[：:]\\s*\\[?([^\\]\\s]+)\\]?");
  /**
   * "#交易合计：N笔，商家实收：X元", and the wordings seen in bills exported at other times ("商家实收共X元",
   * "商家实收共计：X元", "商家实收退款共计：-Y元"): what matters is the count and the sum.
   */
  private static final Pattern TOTAL = Pattern.compile(
      "#(交易|退款)合计[：:]\\s*(\\d+)\\s*笔[，,]\\s*商家实收(?:退款)?(?:共计|共)?[：:]?\\s*(-?[\\d.,]+)\\s*元");

  private final ZoneId zone;

  public AlipayBillParser(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public Bill parse(byte[] content) throws BillRefusedException {
    String text = BillText.hasUtf8Bom(content) ? null : BillText.decode(content, GBK);
    if (text == null || !text.contains(HEADER_FIRST)) {
      String utf8 = BillText.decode(content, StandardCharsets.UTF_8);
      boolean looksLikeText = text != null || (utf8 != null && utf8.contains(HEADER_FIRST));
      throw new BillRefusedException(looksLikeText || utf8 != null
          ? "wrong encoding: expected GBK (Alipay bills are GBK; this file does not decode to Alipay's column header "
              + HEADER_FIRST + ",...)"
          : "wrong encoding: expected GBK (the file holds bytes that are not GBK text)");
    }
    List<String> rows = BillText.lines(text);
    String account = "";
    int i = 0;
    for (; i < rows.size() && rows.get(i).startsWith("#"); i++) {
      Matcher m = ACCOUNT.matcher(rows.get(i));
      if (m.find()) {
        account = m.group(1);
      }
    }
    if (i >= rows.size() || !rows.get(i).strip().startsWith(HEADER_FIRST)) {
      throw BillRefusedException.atLine(i + 1, "expected the column header " + HEADER_FIRST + ",商户订单号,业务类型,...");
    }
    BillColumns header = BillColumns.of(trimmed(CsvFields.split(rows.get(i), i + 1)), i + 1);
    for (String required : new String[] {"商户订单号", "业务类型", "完成时间", "终端号", "订单金额(元)", "商家实收(元)"}) {
      header.require(required);
    }
    List<BillLine> lines = new ArrayList<>();
    long[] counts = new long[2];
    long[] sums = new long[2];
    for (i = i + 1; i < rows.size() && !rows.get(i).startsWith("#"); i++) {
      int lineNo = i + 1;
      List<String> f = trimmed(CsvFields.split(rows.get(i), lineNo));
      if (f.size() != header.size()) {
        throw BillRefusedException.atLine(lineNo, "expected " + header.size() + " fields, found " + f.size());
      }
      try {
        BillLine line = line(header, f, lineNo, account);
        int k = line.status() == BillStatus.CHARGED ? 0 : 1;
        counts[k]++;
        sums[k] += YuanAmounts.parseYuan(header.get(f, "商家实收(元)"));
        lines.add(line);
      } catch (IllegalArgumentException e) {
        throw BillRefusedException.atLine(lineNo, e.getMessage());
      }
    }
    checkTrailer(rows, i, counts, sums);
    return new Bill(BillFormat.ALIPAY, lines);
  }

  private BillLine line(BillColumns h, List<String> f, int lineNo, String account) {
    String type = h.get(f, "业务类型");
    BillStatus status = switch (type) {
      case "交易" -> BillStatus.CHARGED;
      case "退款" -> BillStatus.REFUNDED;
      default -> throw new IllegalArgumentException("unknown 业务类型 '" + type + "' (交易 or 退款)");
    };
    long amount = Math.abs(YuanAmounts.parseYuan(h.get(f, "订单金额(元)")));
    if (amount == 0) {
      throw new IllegalArgumentException("订单金额 must be above 0");
    }
    String done = h.get(f, "完成时间");
    String time = done.isEmpty() ? h.opt(f, "创建时间", "") : done;
    return new BillLine(lineNo, account, h.get(f, "终端号"), h.get(f, "商户订单号"), h.opt(f, HEADER_FIRST, ""), "", amount,
        "CNY", status, BillTimes.parse(time, zone));
  }

  /** The trailer after the rows must hold the totals of both kinds, agreeing with the rows. */
  private static void checkTrailer(List<String> rows, int from, long[] counts, long[] sums) throws BillRefusedException {
    boolean[] seen = new boolean[2];
    for (int i = from; i < rows.size(); i++) {
      String row = rows.get(i);
      if (!row.startsWith("#")) {
        throw BillRefusedException.atLine(i + 1, "unexpected row after the end of the list");
      }
      Matcher m = TOTAL.matcher(row.replace(" ", ""));
      if (!m.find()) {
        continue;
      }
      int k = m.group(1).equals("交易") ? 0 : 1;
      seen[k] = true;
      long count = Long.parseLong(m.group(2));
      long sum;
      try {
        sum = YuanAmounts.parseYuan(m.group(3));
      } catch (IllegalArgumentException e) {
        throw BillRefusedException.atLine(i + 1, "bad total: " + e.getMessage());
      }
      // Refund totals are negative in the bills seen; the sign is not what is being checked.
      if (count != counts[k] || Math.abs(sum) != Math.abs(sums[k])) {
        throw new BillRefusedException("inconsistent or truncated: line " + (i + 1) + " says " + m.group(1) + " " + count
            + " rows, " + YuanAmounts.format(sum, "CNY") + "; the file has " + counts[k] + " rows, "
            + YuanAmounts.format(sums[k], "CNY"));
      }
    }
    if (!seen[0] || !seen[1]) {
      throw new BillRefusedException("truncated: the trailer (#交易合计 and #退款合计) is missing after line " + from);
    }
  }

  private static List<String> trimmed(List<String> fields) {
    List<String> out = new ArrayList<>(fields.size());
    for (String f : fields) {
      out.add(f.strip());
    }
    return out;
  }
}
