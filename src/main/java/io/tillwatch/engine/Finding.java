package io.tillwatch.engine;

/**
 * A raised finding. Sale fields ({@code txn}, {@code amount}, ...) are null / {@code -1} for
 * terminal-level kinds.
 *
 * @param dueAtMs    when the rule's deadline passed (TillWatch clock); equals raisedAtMs for at-once rules
 * @param raisedAtMs the engine time at which the finding was raised
 * @param relatedTxn for DOUBLE_CHARGE_RISK the earlier sale in doubt; else null
 * @param detail     one sentence for people (which events were seen, which seqs are missing...); no card data
 * @param action     the next step for the operator: the kind's, or one that names what this finding holds
 *                   (a silent terminal's open sales)
 */
public record Finding(
    FindingKey key,
    Severity severity,
    String txn,
    long amount,
    String currency,
    String rrn,
    String pan,
    long dueAtMs,
    long raisedAtMs,
    String relatedTxn,
    String detail,
    String action) {

  public Finding {
    action = action == null ? key.kind().action() : action;
  }

  /** A finding whose next step is its kind's. */
  public Finding(FindingKey key, Severity severity, String txn, long amount, String currency, String rrn, String pan,
      long dueAtMs, long raisedAtMs, String relatedTxn, String detail) {
    this(key, severity, txn, amount, currency, rrn, pan, dueAtMs, raisedAtMs, relatedTxn, detail, null);
  }

  public FindingKind kind() {
    return key.kind();
  }
}
