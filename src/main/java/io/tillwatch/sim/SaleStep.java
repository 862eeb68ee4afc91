package io.tillwatch.sim;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.telemetry.EventType;

/**
 * One event of a sale script.
 *
 * @param delayMs    wait before this step, after the previous one (already time-scaled)
 * @param send       false for an event the terminal "loses": its seq is consumed but nothing is published
 * @param truth      the finding this step injects, recorded in the ground truth when the step runs; null for none
 * @param relatedTxn for a DOUBLE_CHARGE_RISK truth, the doubtful earlier sale
 */
record SaleStep(long delayMs, Sale sale, EventType event, boolean send, FindingKind truth, String relatedTxn) {

  static SaleStep of(long delayMs, Sale sale, EventType event) {
    return new SaleStep(delayMs, sale, event, true, null, null);
  }

  SaleStep injecting(FindingKind kind) {
    return new SaleStep(delayMs, sale, event, send, kind, relatedTxn);
  }

  SaleStep injecting(FindingKind kind, String related) {
    return new SaleStep(delayMs, sale, event, send, kind, related);
  }

  SaleStep lost() {
    return new SaleStep(delayMs, sale, event, false, truth, relatedTxn);
  }

  /** The ground truth this step injects, as the terminal consumes it with {@code seq} at {@code atMs}; null for none. */
  GroundTruthRecord truthRecord(TerminalIdentity id, long seq, long atMs) {
    if (truth == null) {
      return null;
    }
    String subject = truth == FindingKind.TELEMETRY_GAP ? "seq:" + seq + "-" + seq : sale.txn();
    String detail = send
        ? event + " of " + sale.txn() + " (amount " + sale.amount() + " " + sale.currency() + ")"
        : "lost " + event + " of " + sale.txn() + ", seq " + seq + " never published";
    return new GroundTruthRecord(truth, id.merchant(), id.terminal(), subject, relatedTxn, atMs, detail);
  }
}
