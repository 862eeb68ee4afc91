package io.tillwatch.tasks;

import io.tillwatch.engine.Money;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The wire form of a task (contract: "Operator task"), shared by the HTTP API and the
 * {@code ops/v1/tasks/{merchant}} topic so both say exactly the same thing. Times are RFC 3339 UTC.
 */
public final class TaskView {
  private TaskView() {}

  /**
   * The task with {@code ackDueAt}, when an OPEN task becomes overdue under {@code deadlines}: the
   * form the HTTP API and its live stream serve, for people who act on it.
   */
  public static Map<String, Object> toMap(Task t, AckDeadlines deadlines) {
    Map<String, Object> m = toMap(t);
    m.put("ackDueAt", time(deadlines.ackDueAtMs(t)));
    return m;
  }

  /** What a list row shows of a task: the live stream's form, without the texts a task page reads. */
  private static final Set<String> ROW_FIELDS = Set.of("id", "kind", "severity", "state", "merchant",
      "terminal", "store", "region", "txn", "relatedTxn", "amount", "currency", "amountText", "subject", "subjectText",
      "since", "saleAt", "detectedAt", "updatedAt", "ackDueAt", "resolution", "resolvedBy");

  /**
   * The task as a list row: {@link #toMap(Task, AckDeadlines)} without the sentences, card, follow-up
   * and resolutions that only a task page reads (and which it reads from the API). It is what the
   * live stream carries to every open console, so a change costs each of them about half the bytes.
   */
  public static Map<String, Object> toRowMap(Task t, AckDeadlines deadlines) {
    Map<String, Object> m = toMap(t, deadlines);
    m.keySet().retainAll(ROW_FIELDS);
    return m;
  }

  /** The task as stored (what the ops topic and webhooks carry): no deadline, which is a view of the daemon's policy. */
  public static Map<String, Object> toMap(Task t) {
    TaskFinding f = t.finding();
    TaskSale sale = t.sale();
    TaskResolution r = t.resolution();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("kind", t.kind().name());
    m.put("severity", t.severity().label());
    m.put("state", t.state().name());
    m.put("merchant", f.key().merchant());
    m.put("terminal", f.key().terminal());
    m.put("txn", sale.txn());
    m.put("amount", sale.hasAmount() ? sale.amount() : null);
    m.put("currency", sale.currency());
    m.put("amountText", sale.hasAmount() ? Money.format(sale.amount(), sale.currency()) : null);
    m.put("saleAt", time(sale.atMs()));
    m.put("rrn", sale.rrn());
    m.put("pan", sale.pan());
    m.put("relatedTxn", sale.relatedTxn());
    m.put("subject", f.key().subject());
    m.put("subjectText", TaskSubjects.text(f.key()));
    m.put("since", time(TaskSubjects.sinceMs(f.key())));
    m.put("store", f.place().store());
    m.put("region", f.place().region());
    m.put("detail", f.detail());
    m.put("dueAt", time(f.dueAtMs()));
    m.put("detectedAt", time(t.detectedAtMs()));
    m.put("updatedAt", time(t.updatedAtMs()));
    m.put("action", t.action());
    m.put("allowedResolutions", Resolution.allowedFor(t.kind()).stream().map(Enum::name).toList());
    m.put("resolution", r == null ? null : r.how().name());
    m.put("resolvedBy", r == null ? null : r.by());
    m.put("note", r == null ? null : r.note());
    m.put("followUp", followUp(t.followUp()));
    return m;
  }

  /** Null when the task has no follow-up (terminal-level kinds). */
  private static Map<String, Object> followUp(FollowUp f) {
    if (f.state() == FollowUp.State.NONE) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("state", f.state().name());
    m.put("backOffice", f.backOffice());
    m.put("verdict", f.verdict());
    m.put("reference", f.reference());
    m.put("checkedAt", time(f.checkedAtMs()));
    m.put("attempts", f.attempts());
    m.put("nextCheckAt", time(f.nextCheckAtMs()));
    m.put("nextStep", f.nextStep().name());
    m.put("nextStepZh", f.nextStep() == NextStep.NONE ? null : f.nextStep().chinese());
    m.put("commandId", f.commandId());
    return m;
  }

  public static String time(long epochMs) {
    return epochMs <= 0 ? null : Instant.ofEpochMilli(epochMs).toString();
  }
}
