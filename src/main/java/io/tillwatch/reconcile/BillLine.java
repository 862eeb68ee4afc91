package io.tillwatch.reconcile;

import java.util.Objects;

/**
 * One line of a settlement bill, whatever its layout.
 *
 * @param lineNo      1-based line number in the file, for errors and evidence
 * @param merchant    the merchant the line is for (the bill's own merchant number unless the import names one)
 * @param terminal    terminal or device id; empty when the bill has none
 * @param ref         the merchant order number (the txn event's {@code ref}); empty when none
 * @param acquirerRef the acquirer's or wallet's own reference (WeChat Pay 微信订单号, Alipay 支付宝交易号)
 * @param rrn         retrieval reference number when the bill carries one (generic CSV); empty otherwise
 * @param amount      in minor units (fen), always positive; for a refund the amount returned
 * @param timeMs      when the money moved, epoch ms
 */
public record BillLine(int lineNo, String merchant, String terminal, String ref, String acquirerRef, String rrn,
    long amount, String currency, BillStatus status, long timeMs) {

  public BillLine {
    Objects.requireNonNull(merchant, "merchant");
    Objects.requireNonNull(status, "status");
    terminal = terminal == null ? "" : terminal;
    ref = ref == null ? "" : ref;
    acquirerRef = acquirerRef == null ? "" : acquirerRef;
    rrn = rrn == null ? "" : rrn;
    currency = currency == null || currency.isEmpty() ? "CNY" : currency;
  }

  public BillLine withMerchant(String m) {
    return new BillLine(lineNo, m, terminal, ref, acquirerRef, rrn, amount, currency, status, timeMs);
  }
}
