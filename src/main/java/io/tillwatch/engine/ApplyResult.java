package io.tillwatch.engine;

/** What the engine did with one transaction event. */
public enum ApplyResult {
  APPLIED,
  /** Same (terminal, seq) seen before: nothing changed. */
  DUPLICATE,
  /**
   * The terminal already holds {@code maxSalesPerTerminal} sales, none closed: the event's sale is
   * not tracked, so the event is not checked for findings. The engine only counts it; saying so
   * (naming the terminal) is the caller's.
   */
  OVER_LIMIT,
  /** An event of a sale that closed and was forgotten (its txn id still remembered): absorbed, nothing raised. */
  FORGOTTEN_SALE
}
