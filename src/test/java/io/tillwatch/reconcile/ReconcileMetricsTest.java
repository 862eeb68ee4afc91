package io.tillwatch.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tillwatch.metrics.ReconcileMetrics;
import io.tillwatch.metrics.TillWatchMetrics;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ReconcileMetrics metrics = new ReconcileMetrics(new TillWatchMetrics(registry, "test"));

  private double count(String name, String format, String outcome) {
    return registry.get(name).tag("format", format).tag("outcome", outcome).counter().count();
  }

  private static ReportLine line(Outcome o) {
    return new ReportLine(o, List.of(2), "m001", "t1", null, "R", "", 100, -1, "CNY", 0, null, null);
  }

  @Test
  void countsImportsByOutcomeAndTheLinesOfNewImportsOnly() {
    ReconcileReport report = new ReconcileReport(BillFormat.ALIPAY, LocalDate.of(2026, 12, 1), null, "b.csv", "x",
        1_764_547_200_000L, 3, List.of(line(Outcome.MATCHED), line(Outcome.MATCHED), line(Outcome.CHARGE_NOT_SEEN),
            line(Outcome.PAST_RETENTION)), List.of());
    assertEquals(0, count("tillwatch.reconcile.imports", "alipay", "imported"), "registered at 0");
    metrics.finished(new ImportResult(ImportResult.Status.IMPORTED, BillFormat.ALIPAY, report, null));
    metrics.finished(new ImportResult(ImportResult.Status.UNCHANGED, BillFormat.ALIPAY, report, null));
    metrics.finished(ImportResult.refused(BillFormat.WECHATPAY, "truncated"));
    assertEquals(1, count("tillwatch.reconcile.imports", "alipay", "imported"));
    assertEquals(1, count("tillwatch.reconcile.imports", "alipay", "unchanged"));
    assertEquals(1, count("tillwatch.reconcile.imports", "wechatpay", "refused"));
    assertEquals(2, count("tillwatch.reconcile.lines", "alipay", "matched"));
    assertEquals(1, count("tillwatch.reconcile.lines", "alipay", "charge_not_seen"));
    assertEquals(0, count("tillwatch.reconcile.lines", "alipay", "settled_task"));
    assertEquals(1_764_547_200.0,
        registry.get("tillwatch.reconcile.last.import.timestamp").tag("format", "alipay").gauge().value());
    assertEquals(0.0, registry.get("tillwatch.reconcile.last.import.timestamp").tag("format", "csv").gauge().value());
  }
}
