package io.tillwatch.sim;

import io.tillwatch.telemetry.PaymentMethod;

/**
 * The facts of one simulated sale that its events carry.
 *
 * @param pan masked card number ({@code 622848******1234}) for card methods, else null
 * @param ref the merchant's order number for the sale (WeChat Pay and Alipay call it {@code out_trade_no}):
 *            unique per merchant, at most 32 characters of {@code [A-Za-z0-9_-]}; null only in old tests
 */
public record Sale(String txn, long amount, String currency, PaymentMethod method, String rrn, String authCode, String pan, String ref) {

  /** A sale without an order number. */
  public Sale(String txn, long amount, String currency, PaymentMethod method, String rrn, String authCode, String pan) {
    this(txn, amount, currency, method, rrn, authCode, pan, null);
  }

  /** The same purchase tried again as a new sale: same amount, currency, method and card; new ids and its own order number. */
  public Sale retriedAs(String newTxn, String newRrn, String newAuthCode) {
    return new Sale(newTxn, amount, currency, method, newRrn, newAuthCode, pan, ref == null ? null : SaleRefs.retried(ref, txn, newTxn));
  }
}
