package io.tillwatch.reconcile;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report as JSON: what {@code --json} prints and what the store keeps. Amounts in minor units,
 * times as ISO-8601 instants, outcomes in their metric label form.
 */
public final class ReportJson {
  private ReportJson() {}

  public static JsonObject write(ImportResult result) {
    JsonObject o = new JsonObject().put("status", result.status().name().toLowerCase(java.util.Locale.ROOT))
        .put("format", result.format().label());
    if (result.error() != null) {
      o.put("error", result.error());
    }
    if (result.report() != null) {
      o.put("report", write(result.report()));
    }
    return o;
  }

  public static JsonObject write(ReconcileReport r) {
    JsonObject counts = new JsonObject();
    for (Map.Entry<Outcome, Integer> e : r.counts().entrySet()) {
      counts.put(e.getKey().label(), e.getValue());
    }
    JsonArray lines = new JsonArray();
    for (ReportLine l : r.lines()) {
      lines.add(new JsonObject().put("outcome", l.outcome().label()).put("billLines", new JsonArray(new ArrayList<>(l.billLines())))
          .put("merchant", l.merchant()).put("terminal", l.terminal()).put("txn", l.txn()).put("ref", l.ref())
          .put("acquirerRef", l.acquirerRef()).put("billAmount", l.billAmount() < 0 ? null : l.billAmount())
          .put("saleAmount", l.saleAmount() < 0 ? null : l.saleAmount()).put("currency", l.currency())
          .put("at", Instant.ofEpochMilli(l.timeMs()).toString()).put("taskId", l.taskId()).put("note", l.note()));
    }
    return new JsonObject().put("format", r.format().label()).put("date", r.billDate().toString())
        .put("merchant", r.merchant()).put("file", r.fileName()).put("sha256", r.sha256())
        .put("importedAt", Instant.ofEpochMilli(r.importedAtMs()).toString()).put("billLines", r.billLines())
        .put("counts", counts).put("lines", lines).put("warnings", new JsonArray(new ArrayList<>(r.warnings())));
  }

  /** -1 for an absent or null amount. */
  private static long amount(JsonObject line, String key) {
    Long v = line.getLong(key);
    return v == null ? -1 : v;
  }

  public static ReconcileReport read(String json) {
    JsonObject o = new JsonObject(json);
    List<ReportLine> lines = new ArrayList<>();
    for (Object x : o.getJsonArray("lines")) {
      JsonObject l = (JsonObject) x;
      List<Integer> nos = new ArrayList<>();
      for (Object n : l.getJsonArray("billLines")) {
        nos.add(((Number) n).intValue());
      }
      lines.add(new ReportLine(Outcome.valueOf(l.getString("outcome").toUpperCase(java.util.Locale.ROOT)), nos,
          l.getString("merchant"), l.getString("terminal"), l.getString("txn"), l.getString("ref"), l.getString("acquirerRef"),
          amount(l, "billAmount"), amount(l, "saleAmount"), l.getString("currency"),
          Instant.parse(l.getString("at")).toEpochMilli(), l.getString("taskId"), l.getString("note")));
    }
    List<String> warnings = new ArrayList<>();
    for (Object w : o.getJsonArray("warnings")) {
      warnings.add((String) w);
    }
    return new ReconcileReport(BillFormat.fromLabel(o.getString("format")), LocalDate.parse(o.getString("date")),
        o.getString("merchant"), o.getString("file"), o.getString("sha256"),
        Instant.parse(o.getString("importedAt")).toEpochMilli(), o.getInteger("billLines"), lines, warnings);
  }
}
