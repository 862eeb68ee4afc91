package io.tillwatch.sim;

/** What became of a sale at the acquirer. */
public enum LedgerOutcome {
  /** Charged, and still charged. */
  CHARGED,
  /** Never charged: the customer did not pay, or the order was closed unpaid. */
  NOT_CHARGED,
  /** Charged, then reversed (refunded or voided). */
  REVERSED,
  /** The issuer declined it. */
  DECLINED
}
