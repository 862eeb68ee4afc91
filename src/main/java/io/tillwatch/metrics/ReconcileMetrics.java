package io.tillwatch.metrics;

import io.tillwatch.reconcile.ImportListener;
import io.tillwatch.reconcile.ImportResult;
import io.tillwatch.reconcile.Outcome;
import io.tillwatch.reconcile.ReportLine;
import java.util.Locale;

/**
 * Counts settlement bill imports: one per file by outcome, the report's lines by outcome (on a new
 * import only: an unchanged re-import found nothing new), and when a bill was last imported.
 * Outcomes outside the catalog's label set (refund_only, past_retention) are reported, not counted.
 */
public final class ReconcileMetrics implements ImportListener {
  private final TillWatchMetrics metrics;

  public ReconcileMetrics(TillWatchMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void finished(ImportResult result) {
    String format = result.format().label();
    metrics.reconcileImport(format, result.status().name().toLowerCase(Locale.ROOT));
    if (result.status() != ImportResult.Status.IMPORTED) {
      return;
    }
    for (ReportLine line : result.report().lines()) {
      Outcome o = line.outcome();
      if (o.counted()) {
        metrics.reconcileLine(format, o.label());
      }
    }
    metrics.reconcileImportedAt(format, result.report().importedAtMs());
  }

  /** The last imports as stored, at start: the age-of-the-last-bill alert survives a restart and sees CLI imports. */
  public void restore(java.util.Map<io.tillwatch.reconcile.BillFormat, Long> lastImportedAtMs) {
    lastImportedAtMs.forEach((format, atMs) -> metrics.reconcileImportedAt(format.label(), atMs));
  }
}
