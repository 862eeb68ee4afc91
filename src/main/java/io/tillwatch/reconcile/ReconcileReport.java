package io.tillwatch.reconcile;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one bill import found, as printed, stored and counted.
 *
 * @param merchant the merchant the import was for (--merchant), or null when the bill's own merchants were used
 * @param warnings sentences about what could not be judged (e.g. lines older than the journal keeps)
 */
public record ReconcileReport(BillFormat format, LocalDate billDate, String merchant, String fileName, String sha256,
    long importedAtMs, int billLines, List<ReportLine> lines, List<String> warnings) {

  public ReconcileReport {
    lines = List.copyOf(lines);
    warnings = List.copyOf(warnings);
  }

  public Map<Outcome, Integer> counts() {
    Map<Outcome, Integer> out = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      out.put(o, 0);
    }
    for (ReportLine l : lines) {
      out.merge(l.outcome(), 1, Integer::sum);
    }
    return out;
  }

  public ReconcileReport withLines(List<ReportLine> newLines) {
    return new ReconcileReport(format, billDate, merchant, fileName, sha256, importedAtMs, billLines, newLines, warnings);
  }
}
