package io.tillwatch.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A merchant's daily bill as the simulated back office issues it, in three formats, from the ledger:
 * the sales that reached the acquirer on that day (China time) and what became of them.
 *
 * <ul>
 *   <li>{@code wechatpay}: WeChat Pay's trade bill ({@code bill_type=ALL}), UTF-8 CSV: a header row, one
 *       row per payment (SUCCESS) and per refund (REFUND), every field prefixed with a backtick; then the
 *       summary header and one backticked summary row. Amounts in yuan (2 decimals), fees with 5.</li>
 *   <li>{@code alipay}: Alipay's "业务明细" bill, GBK CSV: {@code #} comment lines (title, account,
 *       period), the column header, one row per payment (业务类型 交易) and refund (退款, negative amounts),
 *       the end marker and {@code #} trailer lines with the totals and the export time.</li>
 *   <li>{@code csv}: generic, UTF-8: {@code time,merchant,terminal,txn,ref,rrn,amount,currency,status,reference}
 *       with amount in minor units and status APPROVED or REVERSED (the generic API's words); TillWatch reads it
 *       with {@code reconcile.csv-columns=} {@link #GENERIC_COLUMNS}.</li>
 * </ul>
 * Like real settlement bills, they list money that moved: sales never charged are in none of them.
 */
public final class Bills {
  public static final Charset GBK = Charset.forName("GBK");
  static final List<String> WECHAT_HEADER = List.of("交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号",
      "用户标识", "交易类型", "交易状态", "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额",
      "充值券退款金额", "退款类型", "退款状态", "商品名称", "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注");
  static final List<String> WECHAT_SUMMARY = List.of("总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额",
      "订单总金额", "申请退款总金额");
  static final List<String> ALIPAY_HEADER = List.of("支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号",
      "门店名称", "操作员", "终端号", "对方账户", "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）",
      "商家优惠（元）", "券核销金额（元）", "券名称", "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注");
  /** The {@code reconcile.csv-columns} setting that reads the generic bill. */
  public static final String GENERIC_COLUMNS = "acquirer_ref=reference,amount-unit=minor,charged=APPROVED,refunded=REVERSED";
  static final String GENERIC_HEADER = "time,merchant,terminal,txn,ref,rrn,amount,currency,status,reference";
  /** The wallets' fee on a payment: 0.6 %, as for most small merchants. */
  private static final long FEE_PPM = 6_000;
  /** A reversal is booked this long after the payment. */
  private static final long REFUND_AFTER_MS = 60_000;
  private static final DateTimeFormatter TIME = BackOfficeView.ALIPAY_TIME;
  private static final DateTimeFormatter CN_DAY = DateTimeFormatter.ofPattern("yyyy年MM月dd日 HH:mm:ss").withZone(BackOfficeView.CHINA);

  private final AcquirerLedger ledger;
  private final BackOfficeIds ids;

  public Bills(AcquirerLedger ledger, BackOfficeIds ids) {
    this.ledger = ledger;
    this.ids = ids;
  }

  /** The bill as bytes in its format's encoding; {@code format} is wechatpay, alipay or csv. */
  public byte[] bill(String merchant, LocalDate day, String format) {
    return switch (format) {
      case "wechatpay" -> wechat(merchant, day).getBytes(StandardCharsets.UTF_8);
      case "alipay" -> alipay(merchant, day, System.currentTimeMillis()).getBytes(GBK);
      case "csv" -> generic(merchant, day).getBytes(StandardCharsets.UTF_8);
      default -> throw new IllegalArgumentException("bill format must be wechatpay, alipay or csv, got '" + format + "'");
    };
  }

  /** Writes the bill to {@code file} (parent folders created). */
  public void write(String merchant, LocalDate day, String format, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, bill(merchant, day, format));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bill " + file, e);
    }
  }

  String wechat(String merchant, LocalDate day) {
    StringBuilder b = new StringBuilder();
    b.append(String.join(",", WECHAT_HEADER)).append("\r\n");
    long rows = 0;
    long settle = 0;
    long refunds = 0;
    long feesMicro = 0;
    long orders = 0;
    for (LedgerEntry e : ledger.ofDay(merchant, day, BackOfficeView.CHINA)) {
      if (!e.wasCharged()) {
        continue;
      }
      long fee = e.amount() * FEE_PPM; // in micro-fen: fen x ppm
      rows++;
      settle += e.amount();
      orders += e.amount();
      feesMicro += fee;
      wechatRow(b, merchant, e, TIME.format(Instant.ofEpochMilli(e.settledAtMs())), "SUCCESS", "0", "0", 0, "", "", fee);
      if (e.outcome() == LedgerOutcome.REVERSED) {
        // A refund row repeats the order's amount, and the summary's totals run over every row, as in
        // WeChat Pay's published sample bill (总交易额 0.02 over a sale and its refund of 0.01 each).
        rows++;
        settle += e.amount();
        orders += e.amount();
        refunds += e.amount();
        feesMicro -= fee;
        wechatRow(b, merchant, e, TIME.format(Instant.ofEpochMilli(e.settledAtMs() + REFUND_AFTER_MS)), "REFUND",
            "50300" + String.format("%023d", e.serial()), "R" + e.ref(), e.amount(), "ORIGINAL", "SUCCESS", -fee);
      }
    }
    b.append(String.join(",", WECHAT_SUMMARY)).append("\r\n");
    b.append(backticked(Long.toString(rows), BackOfficeView.yuan(settle), BackOfficeView.yuan(refunds), "0.00", fee5(feesMicro),
        BackOfficeView.yuan(orders), BackOfficeView.yuan(refunds))).append("\r\n");
    return b.toString();
  }

  private void wechatRow(StringBuilder b, String merchant, LedgerEntry e, String time, String state, String refundId, String refundNo,
      long refund, String refundType, String refundState, long feeMicro) {
    b.append(backticked(time, ids.wechatAppId(merchant), ids.mchid(merchant), "0", e.terminal(), BackOfficeView.wechatTransactionId(e),
        e.ref(), "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "MICROPAY", state, "OTHERS", e.currency(), BackOfficeView.yuan(e.amount()), "0.00",
        refundId, refundNo, BackOfficeView.yuan(refund), "0.00", refundType, refundState, "商品", "", fee5(feeMicro), "0.60%",
        BackOfficeView.yuan(e.amount()), BackOfficeView.yuan(refund), "")).append("\r\n");
  }

  String alipay(String merchant, LocalDate day, long exportedAtMs) {
    StringBuilder b = new StringBuilder();
    Instant from = day.atStartOfDay(BackOfficeView.CHINA).toInstant();
    Instant to = day.plusDays(1).atStartOfDay(BackOfficeView.CHINA).toInstant();
    b.append("#支付宝业务明细查询\r\n");
    b.append("#账号：[").append("2088").append(ids.alipayAppId(merchant).substring(4)).append("]\r\n");
    b.append("#起始日期：[").append(CN_DAY.format(from)).append("]   终止日期：[").append(CN_DAY.format(to)).append("]\r\n");
    b.append("#-----------------------------------------业务明细列表----------------------------------------\r\n");
    b.append(String.join(",", ALIPAY_HEADER)).append("\r\n");
    long trades = 0;
    long received = 0;
    long refundCount = 0;
    long refunded = 0;
    for (LedgerEntry e : ledger.ofDay(merchant, day, BackOfficeView.CHINA)) {
      if (!e.wasCharged()) {
        continue;
      }
      long fee = Math.round(e.amount() * FEE_PPM / 1_000_000.0);
      trades++;
      received += e.amount();
      alipayRow(b, e, "交易", e.createdAtMs(), e.settledAtMs(), e.amount(), "", -fee);
      if (e.outcome() == LedgerOutcome.REVERSED) {
        refundCount++;
        refunded += e.amount();
        alipayRow(b, e, "退款", e.settledAtMs() + REFUND_AFTER_MS, e.settledAtMs() + REFUND_AFTER_MS, -e.amount(), "R" + e.ref(), fee);
      }
    }
    b.append("#-----------------------------------------业务明细列表结束------------------------------------\r\n");
    b.append("#交易合计：").append(trades).append("笔，商家实收共计：").append(BackOfficeView.yuan(received)).append("元，商家优惠共计：0.00元\r\n");
    b.append("#退款合计：").append(refundCount).append("笔，商家实收退款共计：").append(BackOfficeView.yuan(-refunded))
        .append("元，商家优惠退款共计：0.00元\r\n");
    b.append("#导出时间：[").append(CN_DAY.format(Instant.ofEpochMilli(exportedAtMs))).append("]\r\n");
    return b.toString();
  }

  private static void alipayRow(StringBuilder b, LedgerEntry e, String type, long createdMs, long doneMs, long amount, String refundNo,
      long fee) {
    String[] f = {BackOfficeView.alipayTradeNo(e) + "\t", e.ref() + "\t", type, "商品", TIME.format(Instant.ofEpochMilli(createdMs)),
        TIME.format(Instant.ofEpochMilli(doneMs)), "S-" + e.merchant(), "门店" + e.merchant(), "", e.terminal(), "159****5620",
        BackOfficeView.yuan(amount), BackOfficeView.yuan(amount), "0.00", "0.00", "0.00", "0.00", "0.00", "", "0.00", "0.00", refundNo,
        BackOfficeView.yuan(fee), "0.00", ""};
    b.append(String.join(",", f)).append("\r\n");
  }

  /**
   * A settlement bill lists money that moved: a charge as APPROVED at the time it was settled, and
   * a reversal as a second row, REVERSED, when the money went back. Sales never charged are absent.
   */
  String generic(String merchant, LocalDate day) {
    StringBuilder b = new StringBuilder(GENERIC_HEADER).append('\n');
    for (LedgerEntry e : ledger.ofDay(merchant, day, BackOfficeView.CHINA)) {
      if (!e.wasCharged()) {
        continue;
      }
      genericRow(b, merchant, e, "APPROVED", e.settledAtMs());
      if (e.outcome() == LedgerOutcome.REVERSED) {
        genericRow(b, merchant, e, "REVERSED", e.settledAtMs() + REFUND_AFTER_MS);
      }
    }
    return b.toString();
  }

  private static void genericRow(StringBuilder b, String merchant, LedgerEntry e, String status, long atMs) {
    b.append(TIME.format(Instant.ofEpochMilli(atMs))).append(',').append(merchant).append(',').append(e.terminal()).append(',')
        .append(e.txn()).append(',').append(nz(e.ref())).append(',').append(nz(e.rrn())).append(',').append(e.amount()).append(',')
        .append(e.currency()).append(',').append(status).append(',').append(BackOfficeView.acquirerReference(e)).append('\n');
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** A fee given as fen x ppm (1e-8 yuan) as yuan with 5 decimals, e.g. 77100000 -> 0.77100. */
  private static String fee5(long micro) {
    long hundredThousandths = Math.round(micro / 1000.0); // yuan x 1e5
    String sign = hundredThousandths < 0 ? "-" : "";
    long a = Math.abs(hundredThousandths);
    return sign + (a / 100_000) + "." + String.format(Locale.ROOT, "%05d", a % 100_000);
  }

  private static String backticked(String... fields) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('`').append(fields[i]);
    }
    return b.toString();
  }
}
