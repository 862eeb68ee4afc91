package io.tillwatch.engine;

/** Builds {@link Finding} records and their one-sentence details. Details never carry card data. */
final class Findings {
  private Findings() {}

  static Finding sale(SaleState s, FindingKind kind, long dueAtMs, long raisedAtMs, String relatedTxn,
      String detail) {
    String txn = s.txn();
    FindingKey key = s.terminal.key(kind, txn);
    return new Finding(key, kind.defaultSeverity(), txn, s.amount, s.currency(), s.rrn, s.pan,
        dueAtMs, raisedAtMs, relatedTxn, detail);
  }

  static Finding terminal(TerminalState t, FindingKind kind, String subject, Severity severity,
      long dueAtMs, long raisedAtMs, String detail) {
    return new Finding(t.key(kind, subject), severity, null, -1, null, null, null, dueAtMs, raisedAtMs,
        null, detail);
  }

  static String seen(SaleState s) {
    return "Events seen: " + String.join(", ", SaleMask.names(s.mask())) + ".";
  }
}
