package io.tillwatch.tasks;

import io.tillwatch.engine.Finding;

/**
 * The sale a task is about, as the terminal reported it. Terminal-level kinds have none: {@link #NONE}
 * (every field null, {@code amount} -1).
 *
 * @param relatedTxn for DOUBLE_CHARGE_RISK the earlier sale in doubt; else null
 * @param pan        masked as the terminal sent it; never a full card number
 */
public record TaskSale(String txn, long amount, String currency, String rrn, String pan, String relatedTxn) {
  public static final TaskSale NONE = new TaskSale(null, -1, null, null, null, null);

  public static TaskSale of(Finding f) {
    return new TaskSale(f.txn(), f.amount(), f.currency(), f.rrn(), f.pan(), f.relatedTxn());
  }

  public boolean hasAmount() {
    return amount >= 0;
  }
}
