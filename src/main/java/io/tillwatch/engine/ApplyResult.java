package io.tillwatch.engine;

/** What the engine did with one transaction event. */
public enum ApplyResult {
  APPLIED,
  /** Same (terminal, seq) seen before: nothing changed. */
  DUPLICATE,
  /** The terminal already holds {@code maxSalesPerTerminal} sales: the new sale is not tracked. */
  OVER_LIMIT,
  /** An event of a sale that closed and was forgotten (its txn id still remembered): absorbed, nothing raised. */
  FORGOTTEN_SALE
}
