package io.tillwatch.reconcile;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The report for people: a summary, then one line per finding (matched lines only counted), times in the reader's zone. */
public final class ReportText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ReportText() {}

  public static String write(ImportResult result, ZoneId readerZone) {
    StringBuilder s = new StringBuilder();
    if (result.status() == ImportResult.Status.REFUSED) {
      return s.append("refused ").append(result.format().label()).append(" bill: ").append(result.error())
          .append("\nnothing was imported.\n").toString();
    }
    ReconcileReport r = result.report();
    s.append(result.status() == ImportResult.Status.UNCHANGED
        ? "unchanged: this file was imported before (" + when(r.importedAtMs(), readerZone) + "); nothing changed.\n"
        : "imported\n");
    s.append(r.format().label()).append(" bill of ").append(r.billDate());
    if (r.merchant() != null) {
      s.append(" for merchant ").append(r.merchant());
    }
    s.append(", ").append(r.fileName()).append(", ").append(r.billLines()).append(" lines (times in ").append(readerZone)
        .append(")\n");
    for (Map.Entry<Outcome, Integer> e : r.counts().entrySet()) {
      if (e.getValue() > 0 || e.getKey().counted()) {
        s.append(String.format("  %-16s %d%n", e.getKey().label(), e.getValue()));
      }
    }
    for (ReportLine l : r.lines()) {
      if (l.outcome() == Outcome.MATCHED && l.note() == null) {
        continue;
      }
      s.append(String.format("%-16s %s  %s/%s", l.outcome().label(), when(l.timeMs(), readerZone), l.merchant(), l.terminal()));
      if (!l.ref().isEmpty()) {
        s.append("  order ").append(l.ref());
      }
      if (l.txn() != null) {
        s.append("  txn ").append(l.txn());
      }
      if (l.billAmount() >= 0) {
        s.append("  bill ").append(YuanAmounts.format(l.billAmount(), l.currency()));
      }
      if (l.saleAmount() >= 0) {
        s.append("  terminal ").append(YuanAmounts.format(l.saleAmount(), l.currency()));
      }
      if (!l.billLines().isEmpty()) {
        s.append("  line ").append(l.billLines().get(0));
      }
      if (l.taskId() != null) {
        s.append("  task ").append(l.taskId());
      }
      if (l.note() != null) {
        s.append("\n                 ").append(l.note());
      }
      s.append('\n');
    }
    for (String w : r.warnings()) {
      s.append("warning: ").append(w).append('\n');
    }
    return s.toString();
  }

  private static String when(long ms, ZoneId zone) {
    return TIME.format(Instant.ofEpochMilli(ms).atZone(zone));
  }
}
