package io.tillwatch.reconcile;

import java.util.Locale;

/**
 * What reconciliation found for one bill entry or one sale. The first five are the metric's
 * {@code outcome} label set; the last two are reported but not counted there.
 */
public enum Outcome {
  /** The bill and TillWatch agree. */
  MATCHED,
  /** Charged in the bill, never seen complete by TillWatch: a SETTLED_NOT_SEEN task. */
  CHARGE_NOT_SEEN,
  /** Seen complete by TillWatch, absent from the bill. */
  NOT_IN_BILL,
  /** Both know the sale, with different amounts. */
  AMOUNT_MISMATCH,
  /** The bill shows how an open money task ended: resolved FOUND_IN_BACKOFFICE. */
  SETTLED_TASK,
  /** Only money going back (a refund of another day's sale, or charged and refunded) for a sale TillWatch does not know. */
  REFUND_ONLY,
  /** Charged in the bill, unknown to TillWatch, but older than the journal keeps closed sales: cannot be judged. */
  PAST_RETENTION;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True for the outcomes of the {@code tillwatch_reconcile_lines_total} label set. */
  public boolean counted() {
    return ordinal() <= SETTLED_TASK.ordinal();
  }
}
