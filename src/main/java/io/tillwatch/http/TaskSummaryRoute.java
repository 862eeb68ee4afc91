package io.tillwatch.http;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Liveness;
import io.tillwatch.engine.Severity;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TaskView;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/tasks/summary}: the fleet at a glance. Counts come from the in-memory index of
 * unresolved tasks (no query per call); only the oldest money task is read from the store.
 */
final class TaskSummaryRoute {
  /** The index's counts may be this old; the console asks on every change it hears of. */
  private static final long MAX_AGE_MS = 250;

  private final Vertx vertx;
  private final TaskService tasks;
  private final TerminalQueries terminals;

  TaskSummaryRoute(Vertx vertx, TaskService tasks, TerminalQueries terminals) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.terminals = terminals;
  }

  private static long overdue(TaskIndex.Summary s) {
    long n = 0;
    for (Severity sev : Severity.values()) {
      n += s.overdue(sev);
    }
    return n;
  }

  void handle(RoutingContext ctx) {
    try {
      QueryParams.of(ctx, Set.of());
    } catch (IllegalArgumentException e) {
      Problem.badRequest(ctx, e.getMessage());
      return;
    }
    TaskIndex index = tasks.index();
    TaskIndex.Summary s = index.summary(tasks.nowMs(), MAX_AGE_MS);
    JsonObject byKind = new JsonObject();
    long[] bySeverity = new long[Severity.values().length];
    for (FindingKind k : FindingKind.values()) {
      long n = 0;
      for (Severity sev : Severity.values()) {
        n += s.open(k, sev);
        bySeverity[sev.ordinal()] += s.open(k, sev);
      }
      byKind.put(k.name(), n);
    }
    JsonObject severities = new JsonObject();
    long total = 0;
    for (Severity sev : Severity.values()) {
      severities.put(sev.label(), bySeverity[sev.ordinal()]);
      total += bySeverity[sev.ordinal()];
    }
    Map<Liveness, Long> liveness = terminals.terminalsByLiveness();
    long terminalCount = liveness.values().stream().mapToLong(Long::longValue).sum();
    JsonObject body = new JsonObject()
        .put("open", new JsonObject().put("total", total).put("byKind", byKind).put("bySeverity", severities))
        .put("overdue", overdue(s))
        .put("silentTerminals", liveness.getOrDefault(Liveness.SILENT, 0L))
        .put("terminals", terminalCount);
    String oldestId = index.oldest(FindingKind::aboutMoney).map(TaskIndex.Entry::id).orElse(null);
    if (oldestId == null) {
      Json.ok(ctx, body.putNull("oldestMoneyTask"));
      return;
    }
    vertx.executeBlocking(() -> tasks.find(oldestId), false).onComplete(ar -> {
      if (ar.failed()) {
        TaskRoutes.fail(ctx, ar.cause());
      } else {
        // resolved in the meantime: none to show until the next call
        Json.ok(ctx, body.put("oldestMoneyTask", ar.result().map(t -> new JsonObject(TaskView.toMap(t, tasks.index().ackDeadlines()))).orElse(null)));
      }
    });
  }
}
