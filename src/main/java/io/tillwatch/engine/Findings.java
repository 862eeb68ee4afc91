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

  /**
   * For a sale first heard long after the terminal stamped its event, and not recognised as a
   * forgotten sale's: what that may mean for the person working the task; otherwise "".
   */
  static String heardLateNote(SaleState s) {
    Long ageMs = s.terminal.heardLate == null ? null : s.terminal.heardLate.get(s);
    if (ageMs == null) {
      return "";
    }
    String age = ageMs < 2 * 3_600_000 ? TerminalRule.span(ageMs) : ageMs / 3_600_000 + " h";
    return " Its first event arrived " + age + " after the terminal stamped it: this may be a late event of a sale"
        + " TillWatch had already closed and forgotten. Look the sale up in the back office before collecting again.";
  }

  static Finding terminal(TerminalState t, FindingKind kind, String subject, Severity severity,
      long dueAtMs, long raisedAtMs, String detail) {
    return terminal(t, kind, subject, severity, dueAtMs, raisedAtMs, detail, null);
  }

  /** @param action null: the kind's */
  static Finding terminal(TerminalState t, FindingKind kind, String subject, Severity severity,
      long dueAtMs, long raisedAtMs, String detail, String action) {
    return new Finding(t.key(kind, subject), severity, null, -1, null, null, null, dueAtMs, raisedAtMs,
        null, detail, action);
  }

  /** How many open sales to name in a silent terminal's next step; the count says the rest. */
  private static final int NAMED_SALES = 3;

  /**
   * A silent terminal's next step when it holds open sales: the customers of those sales may have
   * paid without a receipt, so the operator is told which ones before anything else.
   */
  static String silentWithOpenSales(TerminalState t) {
    StringBuilder named = new StringBuilder();
    int n = 0;
    for (SaleState s : t.sales) {
      SaleStage stage = s.stage();
      if (stage == null) {
        continue;
      }
      if (n < NAMED_SALES) {
        named.append(n == 0 ? "" : "; ").append(s.txn()).append(" (")
            .append(s.amount >= 0 ? Money.format(s.amount, s.currency()) + ", " : "")
            .append(stage.label().replace('_', ' ')).append(')');
      }
      n++;
    }
    if (n == 0) {
      return null;
    }
    String more = n > NAMED_SALES ? " and " + (n - NAMED_SALES) + " more" : "";
    return "Nothing has been heard from the terminal and it holds " + (n == 1 ? "an open sale: " : n + " open sales: ")
        + named + more + ". Those customers may have paid without a receipt: look those sales up in the back office "
        + "and settle them first (reprint if charged, collect again if not); then check the terminal's power and network.";
  }

  static String seen(SaleState s) {
    return "Events seen: " + String.join(", ", SaleMask.names(s.mask())) + ".";
  }
}
