package io.tillwatch.tasks;

import io.tillwatch.engine.Finding;

/**
 * The sale a task is about, as the terminal reported it. Terminal-level kinds have none: {@link #NONE}
 * (every field null, {@code amount} -1).
 *
 * @param relatedTxn for DOUBLE_CHARGE_RISK the earlier sale in doubt; else null
 * @param pan        masked as the terminal sent it; never a full card number
 * @param atMs       the sale's own time by the terminal's clock (its STARTED, else its AUTHORIZED), as the
 *                   receipt and the acquirer show it; -1 when unknown
 */
public record TaskSale(String txn, long amount, String currency, String rrn, String pan, String relatedTxn, long atMs) {
  public static final TaskSale NONE = new TaskSale(null, -1, null, null, null, null);

  public TaskSale(String txn, long amount, String currency, String rrn, String pan, String relatedTxn) {
    this(txn, amount, currency, rrn, pan, relatedTxn, -1);
  }

  public static TaskSale of(Finding f) {
    return new TaskSale(f.txn(), f.amount(), f.currency(), f.rrn(), f.pan(), f.relatedTxn());
  }

  public boolean hasAmount() {
    return amount >= 0;
  }

  TaskSale at(long saleAtMs) {
    return new TaskSale(txn, amount, currency, rrn, pan, relatedTxn, saleAtMs);
  }
}
