package io.tillwatch.sim;

import io.tillwatch.telemetry.PaymentMethod;

/**
 * One sale as the acquirer (or wallet) really booked it, whatever the terminal managed to tell.
 *
 * @param createdAtMs   when the sale reached the acquirer (wall clock)
 * @param settledAtMs   when the money moved (charged sales, also before a reversal); -1 when it never did
 * @param finalAnswer   false when the back office never gives a final answer for it (pending forever)
 * @param serial        unique per ledger; the back office's own ids for the sale are made from it
 */
public record LedgerEntry(
    String merchant,
    String terminal,
    String txn,
    String ref,
    long amount,
    String currency,
    PaymentMethod method,
    String rrn,
    String authCode,
    long createdAtMs,
    long settledAtMs,
    LedgerOutcome outcome,
    boolean finalAnswer,
    long serial) {

  /** The money was taken at some point (it may have been given back since). */
  public boolean wasCharged() {
    return outcome == LedgerOutcome.CHARGED || outcome == LedgerOutcome.REVERSED;
  }

  LedgerEntry withSerial(long s) {
    return new LedgerEntry(merchant, terminal, txn, ref, amount, currency, method, rrn, authCode, createdAtMs, settledAtMs, outcome,
        finalAnswer, s);
  }
}
