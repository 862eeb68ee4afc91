package io.tillwatch.reconcile;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Realistic bill files built in the tests, in each layout's own encoding, with a consistent summary. */
final class BillFiles {
  static final Charset GBK = Charset.forName("GBK");
  static final String WECHAT_HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,"
      + "货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,"
      + "订单金额,申请退款金额,费率备注";
  static final String WECHAT_SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
  static final String ALIPAY_HEADER = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,"
      + "订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
      + "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";

  /** One sale or refund in a test bill; amounts in yuan as bills write them. */
  record Row(String time, String merchant, String terminal, String ref, String acquirerRef, String yuan, String state) {}

  static final java.time.ZoneId SHANGHAI = java.time.ZoneId.of("Asia/Shanghai");
  /** A day's payments and a refund, as both wallet tests read them. */
  static final List<Row> DAY = List.of(
      paid("2026-12-01 10:00:02", "t0001", "T0001-000123", "128.50"),
      paid("2026-12-01 11:30:00", "t0002", "T0002-000007", "9.90"),
      refunded("2026-12-01 12:00:00", "t0001", "T0001-000123", "128.50"));

  private BillFiles() {}

  static Row paid(String time, String terminal, String ref, String yuan) {
    return new Row(time, "1900000001", terminal, ref, "42000012342026120" + Math.abs(ref.hashCode()), yuan, "SUCCESS");
  }

  static Row refunded(String time, String terminal, String ref, String yuan) {
    return new Row(time, "1900000001", terminal, ref, "42000012342026120" + Math.abs(ref.hashCode()), yuan, "REFUND");
  }

  // ---- WeChat Pay -------------------------------------------------------------------------------

  static String wechatRow(Row r) {
    boolean refund = r.state().equals("REFUND");
    String settled = refund ? "0.00" : r.yuan();
    String refundAmount = refund ? r.yuan() : "0.00";
    return String.join(",", List.of(r.time(), "wx2421b1c4370ec43b", r.merchant(), "0", r.terminal(), r.acquirerRef(), r.ref(),
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "MICROPAY", r.state(), "CMB_DEBIT", "CNY", settled, "0.00",
        refund ? "50000000382019052709732678859" : "0", refund ? "R" + r.ref() : "0", refundAmount, "0.00",
        refund ? "ORIGINAL" : "", refund ? "SUCCESS" : "", "咖啡,拿铁".replace(",", " "), "", "0.00000", "0.60%",
        refund ? "0.00" : r.yuan(), refundAmount, "").stream().map(f -> "`" + f).toList());
  }

  static String wechatText(List<Row> rows) {
    StringBuilder s = new StringBuilder(WECHAT_HEADER).append("\r\n");
    long settled = 0;
    long refunds = 0;
    for (Row r : rows) {
      s.append(wechatRow(r)).append("\r\n");
      if (r.state().equals("REFUND")) {
        refunds += YuanAmounts.parseYuan(r.yuan());
      } else {
        settled += YuanAmounts.parseYuan(r.yuan());
      }
    }
    s.append(WECHAT_SUMMARY_HEADER).append("\r\n");
    s.append(String.join(",", List.of("`" + rows.size(), "`" + yuan(settled), "`" + yuan(refunds), "`0.00", "`0.00000",
        "`" + yuan(settled), "`" + yuan(refunds)))).append("\r\n");
    return s.toString();
  }

  /** UTF-8 with a BOM, as the merchant platform's download. */
  static byte[] wechat(List<Row> rows) {
    return withBom(wechatText(rows).getBytes(StandardCharsets.UTF_8));
  }

  static byte[] withBom(byte[] b) {
    byte[] out = new byte[b.length + 3];
    out[0] = (byte) 0xEF;
    out[1] = (byte) 0xBB;
    out[2] = (byte) 0xBF;
    System.arraycopy(b, 0, out, 3, b.length);
    return out;
  }

  // ---- Alipay -----------------------------------------------------------------------------------

  static String alipayText(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append("#支付宝业务明细查询\r\n#账号：[20881234567890120156]\r\n");
    s.append("#起始日期：[2026年12月01日 00:00:00]   终止日期：[2026年12月02日 00:00:00]\r\n");
    s.append("#-----------------------------------------业务明细列表----------------------------------------\r\n");
    s.append(ALIPAY_HEADER).append("\r\n");
    long[] counts = new long[2];
    long[] sums = new long[2];
    for (Row r : rows) {
      boolean refund = r.state().equals("REFUND");
      long minor = YuanAmounts.parseYuan(r.yuan()) * (refund ? -1 : 1);
      counts[refund ? 1 : 0]++;
      sums[refund ? 1 : 0] += minor;
      String amount = yuan(minor);
      s.append(String.join(",", List.of(r.acquirerRef() + "\t", r.ref() + "\t", refund ? "退款" : "交易", "咖啡\t", r.time(),
          r.time(), "S001\t", "中关村店\t", "cashier01\t", r.terminal() + "\t", "138****8888\t", amount, amount, "0.00",
          "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", refund ? "R" + r.ref() + "\t" : "", "0.00", "0.00", "")))
          .append("\r\n");
    }
    s.append("#-----------------------------------------业务明细列表结束------------------------------------\r\n");
    s.append("#交易合计：").append(counts[0]).append("笔，商家实收：").append(yuan(sums[0])).append("元，商家优惠：0.00元\r\n");
    s.append("#退款合计：").append(counts[1]).append("笔，商家实收：").append(yuan(sums[1])).append("元，商家优惠：0.00元\r\n");
    s.append("#导出时间：[2026年12月02日 10:00:00]\r\n");
    return s.toString();
  }

  static byte[] alipay(List<Row> rows) {
    return alipayText(rows).getBytes(GBK);
  }

  static String yuan(long minor) {
    return YuanAmounts.format(minor, "CNY").replace("¥", "");
  }
}
