package io.tillwatch.sim;

import io.tillwatch.telemetry.PaymentMethod;

/**
 * The facts of one simulated sale that its events carry.
 *
 * @param pan masked card number ({@code 622848******1234}) for card methods, else null
 */
public record Sale(String txn, long amount, String currency, PaymentMethod method, String rrn, String authCode, String pan) {

  /** The same purchase tried again as a new sale: same amount, currency, method and card; new ids. */
  public Sale retriedAs(String newTxn, String newRrn, String newAuthCode) {
    return new Sale(newTxn, amount, currency, method, newRrn, newAuthCode, pan);
  }
}
