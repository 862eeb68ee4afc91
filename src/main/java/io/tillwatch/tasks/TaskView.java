package io.tillwatch.tasks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of a task (contract: "Operator task"), shared by the HTTP API and the
 * {@code ops/v1/tasks/{merchant}} topic so both say exactly the same thing. Times are RFC 3339 UTC.
 */
public final class TaskView {
  private TaskView() {}

  public static Map<String, Object> toMap(Task t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("kind", t.kind().name());
    m.put("severity", t.severity().label());
    m.put("state", t.state().name());
    m.put("merchant", t.merchant());
    m.put("terminal", t.terminal());
    m.put("txn", t.txn());
    m.put("amount", t.amount() < 0 ? null : t.amount());
    m.put("currency", t.currency());
    m.put("rrn", t.rrn());
    m.put("pan", t.pan());
    m.put("relatedTxn", t.relatedTxn());
    m.put("subject", t.subject());
    m.put("detail", t.detail());
    m.put("dueAt", time(t.dueAtMs()));
    m.put("detectedAt", time(t.detectedAtMs()));
    m.put("updatedAt", time(t.updatedAtMs()));
    m.put("action", t.action());
    m.put("resolution", t.resolution() == null ? null : t.resolution().name());
    m.put("resolvedBy", t.resolvedBy());
    m.put("note", t.note());
    return m;
  }

  public static String time(long epochMs) {
    return epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
