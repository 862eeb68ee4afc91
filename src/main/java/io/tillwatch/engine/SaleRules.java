package io.tillwatch.engine;

import static io.tillwatch.engine.FindingKind.DOUBLE_CHARGE_RISK;
import static io.tillwatch.engine.FindingKind.STUCK_REVERSAL;
import static io.tillwatch.engine.FindingKind.UNCONFIRMED_SALE;
import static io.tillwatch.engine.FindingKind.UNPRINTED_RECEIPT;

import io.tillwatch.telemetry.TxnEvent;

/**
 * The per-sale rules: UNCONFIRMED_SALE, UNPRINTED_RECEIPT, STUCK_REVERSAL and DOUBLE_CHARGE_RISK.
 *
 * <p>Design: a rule "holds" as a pure function of the sale's mask ({@link SaleMask}); its deadline
 * runs from the first receive time of the event that started its clock. {@link #evaluate} raises a
 * holding rule once its deadline has passed (strictly: an outcome received exactly at the deadline
 * is in time) and clears an open finding whose rule no longer holds. Since raise and clear are the
 * two sides of one predicate, the findings left open once every deadline has passed do not depend
 * on the order events arrived in.
 *
 * <p>DOUBLE_CHARGE_RISK is checked from both sides so arrival order does not matter: when sale B
 * becomes authorized (or learns its amount), look for a doubtful earlier A; when A becomes doubtful
 * (its finding is raised), look for authorized later Bs. Both scans are skipped while the terminal
 * holds no doubtful sale, which is the common case. A person resolves a double charge, so the engine
 * never clears it; it also does not keep the sale open (see {@link SaleMask#closed}).
 *
 * <p>All mutations of a sale go through here, bracketed by {@link EngineCounters#sale}.
 */
final class SaleRules {
  private final long outcomeMs;
  private final long printMs;
  private final long reversalMs;
  private final long windowMs;
  private final long lingerMs;
  private final long forgetMs;
  private final FindingSink sink;
  private final EngineCounters counters;

  SaleRules(DetectionSettings s, FindingSink sink, EngineCounters counters) {
    this.outcomeMs = s.outcomeTimeout().toMillis();
    this.printMs = s.printTimeout().toMillis();
    this.reversalMs = s.reversalTimeout().toMillis();
    this.windowMs = s.doubleChargeWindow().toMillis();
    this.lingerMs = s.closedSaleLinger().toMillis();
    this.forgetMs = s.terminalForget().toMillis();
    this.sink = sink;
    this.counters = counters;
  }

  void apply(SaleState s, TxnEvent e, long receivedAtMs) {
    counters.sale(s, -1);
    s.apply(e, receivedAtMs);
    counters.sale(s, +1);
  }

  /** Raises the rules due at {@code nowMs} and clears the findings whose rule no longer holds. */
  void evaluate(SaleState s, long nowMs) {
    int m = s.mask();
    boolean becameDoubtful = false;

    if (SaleMask.unconfirmed(m)) {
      long due = s.startedMs() + outcomeMs;
      if (!s.isOpen(UNCONFIRMED_SALE) && nowMs > due) {
        raise(s, UNCONFIRMED_SALE, due, nowMs, null, "Started, no host outcome within "
            + outcomeMs / 1000 + " s. " + Findings.seen(s));
        becameDoubtful = true;
      }
    } else if (s.isOpen(UNCONFIRMED_SALE)) {
      clear(s, UNCONFIRMED_SALE, nowMs, "A late outcome arrived. " + Findings.seen(s));
    }

    if (SaleMask.unprinted(m)) {
      if (!s.isOpen(UNPRINTED_RECEIPT)) {
        if (s.printFailedMs() != SaleState.NONE) {
          // at once: dueAt = raisedAt = the PRINT_FAILED receive time, also when re-raised after recovery
          raise(s, UNPRINTED_RECEIPT, s.printFailedMs(), s.printFailedMs(), null,
              "The printer failed to print the receipt. " + Findings.seen(s));
          becameDoubtful = true;
        } else if (nowMs > s.authorizedMs() + printMs) {
          raise(s, UNPRINTED_RECEIPT, s.authorizedMs() + printMs, nowMs, null,
              "Authorized, no receipt printed within " + printMs / 1000 + " s. " + Findings.seen(s));
          becameDoubtful = true;
        }
      }
    } else if (s.isOpen(UNPRINTED_RECEIPT)) {
      clear(s, UNPRINTED_RECEIPT, nowMs, "The receipt is settled (printed, voided or reversed). "
          + Findings.seen(s));
    }

    if (SaleMask.stuckReversal(m)) {
      long due = s.reversalQueuedMs() + reversalMs;
      if (!s.isOpen(STUCK_REVERSAL) && nowMs > due) {
        raise(s, STUCK_REVERSAL, due, nowMs, null, "Reversal queued, not confirmed within "
            + reversalMs / 1000 + " s. " + Findings.seen(s));
      }
    } else if (s.isOpen(STUCK_REVERSAL)) {
      clear(s, STUCK_REVERSAL, nowMs, "The reversal was confirmed (REVERSED). " + Findings.seen(s));
    }

    if (becameDoubtful) {
      matchLaterSales(s, nowMs);
    }
  }

  /** After an event of {@code s}: look for a double charge with {@code s} in either role. */
  void checkDoubleCharge(SaleState s, long nowMs) {
    if (s.terminal.doubtfulSales == 0) {
      return;
    }
    if (SaleMask.authorized(s.mask()) && !s.isOpen(DOUBLE_CHARGE_RISK)) {
      SaleState a = earliestEarlierSale(s);
      if (a != null) {
        raiseDoubleCharge(s, a, nowMs);
      }
    }
    if (s.doubtful()) {
      matchLaterSales(s, nowMs);
    }
  }

  /** When the sale must next be looked at: the earliest pending rule, its eviction or its age cap. */
  long nextDeadline(SaleState s) {
    int m = s.mask();
    long next = s.firstReceivedMs + forgetMs;
    if (SaleMask.unconfirmed(m) && !s.isOpen(UNCONFIRMED_SALE)) {
      next = Math.min(next, s.startedMs() + outcomeMs + 1);
    }
    if (SaleMask.unprinted(m) && !s.isOpen(UNPRINTED_RECEIPT)) {
      next = Math.min(next, s.printFailedMs() != SaleState.NONE ? s.printFailedMs() : s.authorizedMs() + printMs + 1);
    }
    if (SaleMask.stuckReversal(m) && !s.isOpen(STUCK_REVERSAL)) {
      next = Math.min(next, s.reversalQueuedMs() + reversalMs + 1);
    }
    if (s.closed()) {
      next = Math.min(next, s.lastReceivedMs() + lingerMs);
    }
    return next;
  }

  boolean lingerOver(SaleState s, long nowMs) {
    return s.closed() && nowMs >= s.lastReceivedMs() + lingerMs;
  }

  boolean tooOld(SaleState s, long nowMs) {
    return nowMs >= s.firstReceivedMs + forgetMs;
  }

  private void matchLaterSales(SaleState a, long nowMs) {
    for (SaleState b : a.terminal.sales) {
      if (!b.isOpen(DOUBLE_CHARGE_RISK) && matches(a, b)) {
        raiseDoubleCharge(b, earliestEarlierSale(b), nowMs);
      }
    }
  }

  /** Only a doubtful sale can be the earlier one ({@link #matches}): look at those alone. */
  private SaleState earliestEarlierSale(SaleState b) {
    SaleState best = null;
    java.util.List<SaleState> candidates = b.terminal.doubtful;
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

  private void raiseDoubleCharge(SaleState b, SaleState a, long nowMs) {
    String why = a.isOpen(UNCONFIRMED_SALE) ? "an unconfirmed outcome" : "an unprinted receipt";
    raise(b, DOUBLE_CHARGE_RISK, nowMs, nowMs, a.txn(), "The same amount (" + b.amount + " " + b.currency()
        + ") was authorized within " + Math.abs(b.authorizedMs() - a.firstReceivedMs) / 1000
        + " s of sale " + a.txn() + ", which has " + why + ".");
  }

  private void raise(SaleState s, FindingKind kind, long dueAtMs, long raisedAtMs, String related,
      String detail) {
    counters.sale(s, -1);
    s.setOpen(kind);
    counters.sale(s, +1);
    sink.raised(Findings.sale(s, kind, dueAtMs, raisedAtMs, related, detail));
  }

  private void clear(SaleState s, FindingKind kind, long atMs, String reason) {
    counters.sale(s, -1);
    s.clearOpen(kind);
    counters.sale(s, +1);
    sink.cleared(s.terminal.key(kind, s.txn()), atMs, reason);
  }
}
