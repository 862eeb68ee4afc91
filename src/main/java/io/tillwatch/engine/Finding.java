package io.tillwatch.engine;

/**
 * A raised finding. Sale fields ({@code txn}, {@code amount}, ...) are null / {@code -1} for
 * terminal-level kinds.
 *
 * @param dueAtMs    when the rule's deadline passed (TillWatch clock); equals raisedAtMs for at-once rules
 * @param raisedAtMs the engine time at which the finding was raised
 * @param relatedTxn for DOUBLE_CHARGE_RISK the earlier sale in doubt; else null
 * @param detail     one sentence for people (which events were seen, which seqs are missing...); no card data
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
    String detail) {

  public FindingKind kind() {
    return key.kind();
  }
}
