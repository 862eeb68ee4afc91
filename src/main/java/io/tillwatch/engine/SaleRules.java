package io.tillwatch.engine;

import io.tillwatch.telemetry.TxnEvent;

/**
 * Runs the sale deadline rules declared in {@link SaleRule}; knows no rule by name.
 *
 * <p>Design: {@link #evaluate} raises a holding rule once it is late ({@link Deadline}) and clears
 * an open finding whose rule no longer holds; the next look is the first instant at which a
 * pending rule will be late, from the same clock start and timeout ({@link #evaluate} returns it,
 * {@link #nextDeadline} computes it alone, for recovery). Since raise and clear are the
 * two sides of one predicate, the findings left open once every deadline has passed do not depend
 * on the order events arrived in. A rule raised with a {@link SaleRule#doubt} hands the sale to
 * {@link DoubleCharge}. Also: when a sale may be forgotten (linger, age cap).
 *
 * <p>All mutations of a sale go through here or {@link SaleFindings}, bracketed by
 * {@link EngineCounters#sale}.
 */
final class SaleRules {
  private static final SaleRule[] RULES = SaleRule.values();

  /** Each rule's configured timeout, by ordinal. */
  private final long[] timeoutMs = new long[RULES.length];
  private final long lingerMs;
  private final long forgetMs;
  private final SaleFindings findings;
  private final DoubleCharge doubleCharge;
  private final EngineCounters counters;

  SaleRules(DetectionSettings s, SaleFindings findings, DoubleCharge doubleCharge, EngineCounters counters) {
    for (SaleRule rule : RULES) {
      timeoutMs[rule.ordinal()] = rule.timeout(s).toMillis();
    }
    this.lingerMs = s.closedSaleLinger().toMillis();
    this.forgetMs = s.terminalForget().toMillis();
    this.findings = findings;
    this.doubleCharge = doubleCharge;
    this.counters = counters;
  }

  void apply(SaleState s, TxnEvent e, long receivedAtMs) {
    counters.sale(s, -1);
    s.apply(e, receivedAtMs);
    counters.sale(s, +1);
  }

  /**
   * Raises the rules late at {@code nowMs}, clears the findings whose rule no longer holds, and
   * returns when the sale must next be looked at (as {@link #nextDeadline} would, in the same pass).
   */
  long evaluate(SaleState s, long nowMs) {
    int m = s.mask();
    long next = evictionDeadline(s);
    boolean becameDoubtful = false;
    for (SaleRule rule : RULES) {
      if (!rule.holds(m)) {
        if (s.isOpen(rule.kind)) {
          findings.clear(s, rule.kind, nowMs, rule.settledDetail() + " " + Findings.seen(s));
        }
      } else if (!s.isOpen(rule.kind)) {
        long start = rule.clockStartMs(s);
        long timeout = timeoutMs(rule, s);
        long lateFrom = Deadline.lateFromMs(start, timeout);
        if (nowMs < lateFrom) {
          next = Math.min(next, lateFrom);
        } else {
          long due = Deadline.dueMs(start, timeout);
          findings.raise(s, rule.kind, due, Deadline.raisedAtMs(due, timeout, nowMs), null,
              rule.lateDetail(timeout) + " " + Findings.seen(s));
          becameDoubtful |= rule.doubt != null;
        }
      }
    }
    if (becameDoubtful) {
      doubleCharge.becameDoubtful(s, nowMs);
    }
    return next;
  }

  /** When the sale must next be looked at: the first instant a pending rule is late, its eviction or its age cap. */
  long nextDeadline(SaleState s) {
    int m = s.mask();
    long next = evictionDeadline(s);
    for (SaleRule rule : RULES) {
      if (rule.holds(m) && !s.isOpen(rule.kind)) {
        next = Math.min(next, Deadline.lateFromMs(rule.clockStartMs(s), timeoutMs(rule, s)));
      }
    }
    return next;
  }

  /** The rule's timeout for this sale: the configured one, or at once when its at-once cause was seen. */
  private long timeoutMs(SaleRule rule, SaleState s) {
    return rule.timeoutMs(s, timeoutMs[rule.ordinal()]);
  }

  /** When the sale goes whatever its rules: closedSaleLinger after it closed, or terminalForget after it began. */
  private long evictionDeadline(SaleState s) {
    long next = s.firstReceivedMs + forgetMs;
    return s.closed() ? Math.min(next, s.lastReceivedMs() + lingerMs) : next;
  }

  boolean lingerOver(SaleState s, long nowMs) {
    return s.closed() && nowMs >= s.lastReceivedMs() + lingerMs;
  }

  boolean tooOld(SaleState s, long nowMs) {
    return nowMs >= s.firstReceivedMs + forgetMs;
  }
}
