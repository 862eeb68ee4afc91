package io.tillwatch.reconcile;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * WeChat Pay's daily trade bill ("交易账单", bill type ALL), as the merchant platform or the
 * download-bill API gives it.
 *
 * <p>Layout: UTF-8 (a BOM is allowed); a column header row (交易时间,公众账号ID,商户号,...); one row
 * per payment or refund, every field prefixed with a backtick (so spreadsheets keep long numbers);
 * then a summary header (总交易单数,应结订单总金额,退款总金额,...) and exactly one summary row, also
 * backtick-prefixed. Columns are found by name, so an added or moved column does not break
 * reading. The summary is the file's own checksum: its count must equal the rows read and its
 * totals the sums of their columns, otherwise the file was cut short or altered and is refused.
 *
 * <p>Rows: 交易状态 SUCCESS is a charge of 订单金额 (else 应结订单金额); REFUND is money returned,
 * 退款金额 (else 申请退款金额); REVOKED (a payment reversed the same day) returns the whole amount.
 * The merchant is 特约商户号 (service-provider mode) when set, else 商户号.
 */
public final class WeChatPayBillParser implements BillParser {
  private static final String SUMMARY_FIRST = "总交易单数";

  private final ZoneId zone;

  public WeChatPayBillParser(ZoneId zone) {
    this.zone = zone;
  }

  @Override
  public Bill parse(byte[] content) throws BillRefusedException {
    List<String> rows = BillText.utf8Lines(content, " (WeChat Pay bills are UTF-8)");
    BillColumns header = BillColumns.of(CsvFields.split(rows.get(0), 1), 1);
    if (!header.has("交易时间") || !header.has("商户订单号")) {
      throw BillRefusedException.atLine(1, "not a WeChat Pay trade bill header (交易时间,公众账号ID,商户号,...)");
    }
    for (String required : new String[] {"商户号", "设备号", "微信订单号", "交易状态", "应结订单金额", "退款金额"}) {
      header.require(required);
    }
    List<BillLine> lines = new ArrayList<>();
    long settledSum = 0;
    long refundSum = 0;
    int i = 1;
    for (; i < rows.size(); i++) {
      int lineNo = i + 1;
      List<String> raw = CsvFields.split(rows.get(i), lineNo);
      if (raw.get(0).strip().equals(SUMMARY_FIRST)) {
        break;
      }
      List<String> f = unprefixed(raw, header.size(), lineNo);
      try {
        settledSum += YuanAmounts.parseYuan(header.get(f, "应结订单金额"));
        refundSum += YuanAmounts.parseYuan(header.get(f, "退款金额"));
        lines.add(line(header, f, lineNo));
      } catch (IllegalArgumentException e) {
        throw BillRefusedException.atLine(lineNo, e.getMessage());
      }
    }
    if (i >= rows.size()) {
      throw new BillRefusedException("truncated: the summary (" + SUMMARY_FIRST + ",应结订单总金额,...) is missing after line "
          + rows.size());
    }
    BillColumns summaryHeader = BillColumns.of(CsvFields.split(rows.get(i), i + 1), i + 1);
    if (i + 1 >= rows.size()) {
      throw new BillRefusedException("truncated: the summary header at line " + (i + 1) + " has no summary line");
    }
    if (i + 2 < rows.size()) {
      throw BillRefusedException.atLine(i + 3, "unexpected content after the summary line");
    }
    List<String> summary = unprefixed(CsvFields.split(rows.get(i + 1), i + 2), summaryHeader.size(), i + 2);
    checkSummary(summaryHeader, summary, i + 2, lines.size(), settledSum, refundSum);
    return new Bill(BillFormat.WECHATPAY, lines);
  }

  private BillLine line(BillColumns h, List<String> f, int lineNo) {
    String state = h.get(f, "交易状态").strip();
    String subMerchant = h.opt(f, "特约商户号", h.opt(f, "子商户号", ""));
    String merchant = subMerchant.isEmpty() || subMerchant.equals("0") ? h.get(f, "商户号") : subMerchant;
    String orderAmount = h.opt(f, "订单金额", "");
    long charged = YuanAmounts.parseYuan(orderAmount.isEmpty() ? h.get(f, "应结订单金额") : orderAmount);
    BillStatus status;
    long amount;
    switch (state) {
      case "SUCCESS" -> {
        status = BillStatus.CHARGED;
        amount = charged;
      }
      case "REFUND" -> {
        status = BillStatus.REFUNDED;
        String refund = h.get(f, "退款金额");
        long r = YuanAmounts.parseYuan(refund);
        amount = r != 0 ? r : YuanAmounts.parseYuan(h.opt(f, "申请退款金额", "0"));
      }
      case "REVOKED" -> {
        status = BillStatus.REFUNDED;
        amount = charged;
      }
      default -> throw new IllegalArgumentException("unknown 交易状态 '" + state + "' (SUCCESS, REFUND or REVOKED)");
    }
    if (amount <= 0) {
      throw new IllegalArgumentException("amount must be above 0, found " + amount + " fen");
    }
    return new BillLine(lineNo, merchant, h.get(f, "设备号"), h.get(f, "商户订单号"), h.get(f, "微信订单号"), "",
        Math.abs(amount), h.opt(f, "货币种类", "CNY"), status, BillTimes.parse(h.get(f, "交易时间"), zone));
  }

  private static void checkSummary(BillColumns h, List<String> s, int lineNo, int count, long settled, long refunded)
      throws BillRefusedException {
    try {
      long declaredCount = Long.parseLong(h.get(s, SUMMARY_FIRST).strip());
      if (declaredCount != count) {
        throw new BillRefusedException("inconsistent or truncated: the summary at line " + lineNo + " says " + declaredCount
            + " rows, the file has " + count);
      }
      h.require("应结订单总金额");
      long declaredSettled = YuanAmounts.parseYuan(h.get(s, "应结订单总金额"));
      if (declaredSettled != settled) {
        throw new BillRefusedException("inconsistent or truncated: the summary at line " + lineNo + " says 应结订单总金额 "
            + YuanAmounts.format(declaredSettled, "CNY") + ", the rows add up to " + YuanAmounts.format(settled, "CNY"));
      }
      if (h.has("退款总金额")) {
        long declaredRefund = YuanAmounts.parseYuan(h.get(s, "退款总金额"));
        if (declaredRefund != refunded) {
          throw new BillRefusedException("inconsistent or truncated: the summary at line " + lineNo + " says 退款总金额 "
              + YuanAmounts.format(declaredRefund, "CNY") + ", the rows add up to " + YuanAmounts.format(refunded, "CNY"));
        }
      }
    } catch (NumberFormatException e) {
      throw BillRefusedException.atLine(lineNo, "bad summary count: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw BillRefusedException.atLine(lineNo, "bad summary: " + e.getMessage());
    }
  }

  /** The fields without their backtick; a field without one, or a wrong field count, refuses the line. */
  private static List<String> unprefixed(List<String> raw, int expected, int lineNo) throws BillRefusedException {
    if (raw.size() != expected) {
      throw BillRefusedException.atLine(lineNo, "expected " + expected + " fields, found " + raw.size());
    }
    List<String> out = new ArrayList<>(raw.size());
    for (int k = 0; k < raw.size(); k++) {
      String v = raw.get(k);
      if (!v.startsWith("`")) {
        throw BillRefusedException.atLine(lineNo, "field " + (k + 1) + " is not prefixed with a backtick");
      }
      out.add(v.substring(1));
    }
    return out;
  }
}
