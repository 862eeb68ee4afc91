package io.tillwatch.engine;

/**
 * Raises and clears a sale's findings: its open bit, the counters around the change and the sink,
 * in one place for the deadline rules ({@link SaleRules}) and the double charge ({@link DoubleCharge}).
 */
final class SaleFindings {
  private final FindingSink sink;
  private final EngineCounters counters;

  SaleFindings(FindingSink sink, EngineCounters counters) {
    this.sink = sink;
    this.counters = counters;
  }

  void raise(SaleState s, FindingKind kind, long dueAtMs, long raisedAtMs, String related, String detail) {
    counters.sale(s, -1);
    s.setOpen(kind);
    counters.sale(s, +1);
    sink.raised(Findings.sale(s, kind, dueAtMs, raisedAtMs, related, detail + Findings.heardLateNote(s)));
  }

  void clear(SaleState s, FindingKind kind, long atMs, String reason) {
    counters.sale(s, -1);
    s.clearOpen(kind);
    counters.sale(s, +1);
    sink.cleared(s.terminal.key(kind, s.txn()), atMs, reason);
  }
}
