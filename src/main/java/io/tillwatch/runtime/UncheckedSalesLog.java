package io.tillwatch.runtime;

import io.tillwatch.ingest.LogLimiter;
import io.tillwatch.telemetry.TxnEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names the terminal whose new sales the engine does not check: it answered
 * {@link io.tillwatch.engine.ApplyResult#OVER_LIMIT} because the terminal holds
 * {@code detect.max-sales-per-terminal} sales and none of them is closed. The event is journaled and
 * acknowledged all the same, so without this line and the metrics nothing would say that its sale
 * is not watched. At most one line per terminal per {@code log.reject-interval} (the limiter the
 * refusals use): a terminal in that state sends thousands of such events, which the metric
 * {@code tillwatch_txn_events_unchecked_total} counts. The engine stays pure; its callers (the shards,
 * the Kafka detector) log here.
 */
public final class UncheckedSalesLog {
  private static final Logger LOG = LoggerFactory.getLogger(UncheckedSalesLog.class);

  private final LogLimiter limiter;
  private final int maxSalesPerTerminal;

  public UncheckedSalesLog(LogLimiter limiter, int maxSalesPerTerminal) {
    this.limiter = limiter;
    this.maxSalesPerTerminal = maxSalesPerTerminal;
  }

  /** An event the engine did not check; returns true when this one was logged (false when suppressed). */
  public boolean notChecked(TxnEvent e) {
    if (!limiter.first("unchecked " + e.merchant() + "/" + e.terminal())) {
      return false;
    }
    // Ids passed the decoder's id and card-data rules, so echoing them is safe.
    LOG.warn("terminal {}/{} holds {} sales and none of them is closed (detect.max-sales-per-terminal): its new sales, "
        + "txn {} among them, are journaled and acknowledged but NOT checked for findings. It opens sales without "
        + "closing them: a firmware bug, or a flood of new transaction ids. Fix the terminal, or raise "
        + "detect.max-sales-per-terminal if its traffic is real; runbook: TillWatchSalesUnchecked. Further unchecked "
        + "events of this terminal are counted in tillwatch_txn_events_unchecked_total, not logged, for "
        + "log.reject-interval", e.merchant(), e.terminal(), maxSalesPerTerminal, e.txn());
    return true;
  }
}
