package io.tillwatch.reconcile;

import java.util.List;

/**
 * One finding of a reconciliation.
 *
 * @param billLines   the bill's line numbers behind it (the evidence); empty for NOT_IN_BILL
 * @param txn         the sale's txn id when TillWatch knows it
 * @param billAmount  charged minus refunded in the bill, minor units; -1 when not in the bill
 * @param saleAmount  as the terminal reported it; -1 when unknown
 * @param taskId      the task settled, or the one opened for the charge; null when none
 * @param note        one sentence for people
 */
public record ReportLine(Outcome outcome, List<Integer> billLines, String merchant, String terminal, String txn,
    String ref, String acquirerRef, long billAmount, long saleAmount, String currency, long timeMs, String taskId,
    String note) {

  public ReportLine {
    billLines = List.copyOf(billLines);
  }

  public ReportLine withTask(String id) {
    return new ReportLine(outcome, billLines, merchant, terminal, txn, ref, acquirerRef, billAmount, saleAmount, currency,
        timeMs, id, note);
  }
}
