package io.tillwatch.http;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskState;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code GET /api/v1/tasks}'s query parameters as a {@link TaskQuery}; see docs/telemetry.md and the OpenAPI document. */
final class TaskListParams {
  static final Set<String> KNOWN = Set.of("state", "kind", "severity", "resolution", "merchant", "terminal", "store",
      "txn", "rrn", "by", "from", "to", "sort", "limit", "cursor");
  private static final int MAX_BY = 128;

  private TaskListParams() {}

  /** @throws IllegalArgumentException with the reason, for a 400 */
  static TaskQuery read(RoutingContext ctx) {
    QueryParams p = QueryParams.of(ctx, KNOWN);
    long from = p.time("from", false, Long.MIN_VALUE);
    long to = p.time("to", true, Long.MAX_VALUE);
    if (from != Long.MIN_VALUE && to != Long.MAX_VALUE && from >= to) {
      throw new IllegalArgumentException("from must be before to");
    }
    return TaskQuery.all()
        .states(p.enums("state", TaskState.class, QueryParams.byName(TaskState.class)))
        .kinds(p.enums("kind", FindingKind.class, QueryParams.byName(FindingKind.class)))
        .severities(p.enums("severity", Severity.class, QueryParams.byName(Severity.class)))
        .resolutions(p.enums("resolution", Resolution.class, QueryParams.byName(Resolution.class)))
        .merchant(p.id("merchant"))
        .terminal(p.id("terminal"))
        .store(p.id("store"))
        .txn(p.id("txn"))
        .rrn(p.id("rrn"))
        .resolvedBy(p.text("by", MAX_BY))
        .detectedFrom(from)
        .detectedBefore(to)
        .order(p.one("sort", TaskQuery.Order.class, TaskQuery.Order.NEWEST))
        .limit(p.limit(TaskQuery.DEFAULT_LIMIT, TaskQuery.MAX_LIMIT))
        .cursor(p.raw("cursor"))
        .build();
  }
}
