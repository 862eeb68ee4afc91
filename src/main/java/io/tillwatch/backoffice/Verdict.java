package io.tillwatch.backoffice;

/** What a back office said about one sale, reduced to what 补单 needs to decide the next step. */
public enum Verdict {
  /** Captured or authorized: the customer's money was taken. */
  CHARGED(true),
  /** Final: not found, failed, closed or cancelled. The customer was not charged. */
  NOT_CHARGED(true),
  /** The charge was reversed, voided or refunded. */
  REVERSED_OR_REFUNDED(true),
  /** The back office itself does not know yet (the customer is still paying): ask again. */
  PENDING(false),
  /** No trustworthy answer: transport error, timeout, 5xx, a malformed or unverifiable reply. Ask again. */
  UNREACHABLE(false);

  private final boolean isFinal;

  Verdict(boolean isFinal) {
    this.isFinal = isFinal;
  }

  /** True when asking again cannot change the answer. */
  public boolean isFinal() {
    return isFinal;
  }
}
