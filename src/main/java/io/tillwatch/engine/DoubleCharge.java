package io.tillwatch.engine;

import static io.tillwatch.engine.FindingKind.DOUBLE_CHARGE_RISK;

import java.util.List;

/**
 * DOUBLE_CHARGE_RISK: the same amount authorized again shortly after a sale whose charge is in
 * doubt (an open finding of a {@link SaleRule} with a {@link SaleRule#doubt}). Not a deadline
 * rule: it is matched between two sales.
 *
 * <p>Design: checked from both sides so arrival order does not matter: when sale B becomes
 * authorized (or learns its amount), look for a doubtful earlier A ({@link #afterEvent}); when A
 * becomes doubtful (its finding is raised), look for authorized later Bs ({@link #becameDoubtful}).
 * Both scans are skipped while the terminal holds no doubtful sale, which is the common case. A
 * person resolves a double charge, so the engine never clears it; it also does not keep the sale
 * open (see {@link SaleMask#closed}).
 */
final class DoubleCharge {
  private final long windowMs;
  private final SaleFindings findings;

  DoubleCharge(DetectionSettings s, SaleFindings findings) {
    this.windowMs = s.doubleChargeWindow().toMillis();
    this.findings = findings;
  }

  /** After an event of {@code s}: look for a double charge with {@code s} in either role. */
  void afterEvent(SaleState s, long nowMs) {
    if (s.terminal.doubtfulSales == 0) {
      return;
    }
    if (SaleMask.authorized(s.mask()) && !s.isOpen(DOUBLE_CHARGE_RISK)) {
      SaleState a = earliestEarlierSale(s);
      if (a != null) {
        raise(s, a, nowMs);
      }
    }
    if (s.doubtful()) {
      becameDoubtful(s, nowMs);
    }
  }

  /** {@code a} was just found doubtful: the authorized later sales it may have been charged again by. */
  void becameDoubtful(SaleState a, long nowMs) {
    for (SaleState b : a.terminal.sales) {
      if (!b.isOpen(DOUBLE_CHARGE_RISK) && matches(a, b)) {
        raise(b, earliestEarlierSale(b), nowMs);
      }
    }
  }

  /** Only a doubtful sale can be the earlier one ({@link #matches}): look at those alone. */
  private SaleState earliestEarlierSale(SaleState b) {
    SaleState best = null;
    List<SaleState> candidates = b.terminal.doubtful;
    if (candidates == null) {
      return null;
    }
    for (SaleState a : candidates) {
      if (matches(a, b) && (best == null || earlier(a, best))) {
        best = a;
      }
    }
    return best;
  }

  /** Is {@code a} a doubtful earlier sale of the same amount that {@code b} may have charged again? */
  private boolean matches(SaleState a, SaleState b) {
    return a != b
        && a.doubtful()
        && SaleMask.authorized(b.mask())
        && a.amount >= 0
        && a.amount == b.amount
        && a.currencyCode() != 0
        && a.currencyCode() == b.currencyCode()
        && (a.pan == null || b.pan == null || a.pan.equals(b.pan))
        && earlier(a, b)
        && Math.abs(b.authorizedMs() - a.firstReceivedMs) <= windowMs;
  }

  /**
   * "Earlier" by the terminal's own seq (its publication order), not by receive time, so that
   * reordered delivery cannot hide a double charge. Across a counter reset seqs are not
   * comparable, so receive time decides.
   */
  static boolean earlier(SaleState a, SaleState b) {
    long d = a.firstSeq - b.firstSeq;
    if (d != 0 && Math.abs(d) <= SeqTracker.RESET_JUMP) {
      return d < 0;
    }
    return a.firstReceivedMs < b.firstReceivedMs;
  }

  private void raise(SaleState b, SaleState a, long nowMs) {
    findings.raise(b, DOUBLE_CHARGE_RISK, nowMs, nowMs, a.txn(), "The same amount (" + b.amount + " "
        + b.currency() + ") was authorized within " + Math.abs(b.authorizedMs() - a.firstReceivedMs) / 1000
        + " s of sale " + a.txn() + ", which has " + SaleRule.doubtOf(a) + ".");
  }
}
