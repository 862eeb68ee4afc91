package io.tillwatch.engine;

import java.util.Locale;

/** Where an open sale stands; a metric label ({@code tillwatch_sales_open{stage}}). */
public enum SaleStage {
  /** STARTED, no outcome yet. */
  AWAITING_OUTCOME,
  /** AUTHORIZED (or PRINT_FAILED), no receipt printed. */
  AWAITING_RECEIPT,
  /** Printed, not yet COMPLETED. */
  AWAITING_COMPLETION,
  /** REVERSAL_QUEUED, not yet REVERSED. */
  AWAITING_REVERSAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
