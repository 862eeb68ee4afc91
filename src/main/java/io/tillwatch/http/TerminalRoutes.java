package io.tillwatch.http;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Liveness;
import io.tillwatch.engine.OpenSaleView;
import io.tillwatch.engine.TerminalFilter;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.engine.TerminalSummary;
import io.tillwatch.engine.TerminalView;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TaskView;
import io.tillwatch.telemetry.Ids;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/terminals}: the list, with liveness and filters; {@code GET
 * /api/v1/terminals/{merchant}/{terminal}}: liveness, last heartbeat, open sales, recent tasks, the
 * last refused message. A terminal TillWatch does not track is a 404 whose detail still names its
 * last refusal: a terminal whose every message is refused is never tracked, and that is the one an
 * operator looks up.
 */
final class TerminalRoutes {
  static final Set<String> LIST_PARAMS = Set.of("merchant", "store", "liveness", "limit", "cursor");
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;
  private static final int RECENT_TASKS = 20;

  private final Vertx vertx;
  private final TerminalQueries terminals;
  private final TaskService tasks;
  private final TerminalRefusals refusals;

  TerminalRoutes(Vertx vertx, TerminalQueries terminals, TaskService tasks, TerminalRefusals refusals) {
    this.vertx = vertx;
    this.terminals = terminals;
    this.tasks = tasks;
    this.refusals = refusals;
  }

  void mount(Router router) {
    router.get("/api/v1/terminals").handler(this::list);
    router.get("/api/v1/terminals/:merchant/:terminal").handler(this::get);
  }

  private void list(RoutingContext ctx) {
    TerminalFilter filter;
    int limit;
    try {
      QueryParams p = QueryParams.of(ctx, LIST_PARAMS);
      String[] after = TerminalCursor.decode(p.raw("cursor"));
      filter = new TerminalFilter(p.id("merchant"), p.id("store"),
          p.enums("liveness", Liveness.class, QueryParams.byName(Liveness.class)), after[0], after[1]);
      limit = p.limit(DEFAULT_LIMIT, MAX_LIMIT);
    } catch (IllegalArgumentException e) {
      Problem.badRequest(ctx, e.getMessage());
      return;
    }
    // One more than a page tells whether another follows.
    Future.fromCompletionStage(terminals.terminals(filter, limit + 1), ctx.vertx().getOrCreateContext())
        .onComplete(ar -> {
          if (ar.failed()) {
            TaskRoutes.fail(ctx, ar.cause());
            return;
          }
          List<TerminalSummary> items = ar.result().items();
          String next = null;
          if (items.size() > limit) {
            items = items.subList(0, limit);
            TerminalSummary last = items.get(limit - 1);
            next = TerminalCursor.encode(last.merchant(), last.terminal());
          }
          JsonArray out = new JsonArray();
          items.forEach(t -> out.add(summaryJson(t)));
          Json.ok(ctx, new JsonObject().put("items", out).put("nextCursor", next).put("total", ar.result().total()));
        });
  }

  private static JsonObject summaryJson(TerminalSummary t) {
    return new JsonObject()
        .put("merchant", t.merchant())
        .put("terminal", t.terminal())
        .put("liveness", t.liveness().name())
        .put("lastHeardAt", TaskView.time(t.lastHeardMs()))
        .put("store", t.store())
        .put("region", t.region())
        .put("printer", t.printer())
        .put("pendingUploads", t.pendingUploads() < 0 ? null : t.pendingUploads())
        .put("openSales", t.openSales())
        .put("openFindings", kinds(t.openFindings()));
  }

  private void get(RoutingContext ctx) {
    String merchant = ctx.pathParam("merchant");
    String terminal = ctx.pathParam("terminal");
    if (!Ids.isValid(merchant) || !Ids.isValid(terminal)) {
      Problem.badRequest(ctx, "merchant and terminal must be 1..64 characters of [A-Za-z0-9_.-]");
      return;
    }
    // Answered on the terminal's shard thread: come back to this request's context before replying.
    Future.fromCompletionStage(terminals.terminal(merchant, terminal), ctx.vertx().getOrCreateContext()).onComplete(ar -> {
      if (ar.failed()) {
        TaskRoutes.fail(ctx, ar.cause());
      } else if (ar.result().isEmpty()) {
        Problem.notFound(ctx, "TillWatch is not tracking terminal " + merchant + "/" + terminal
            + refusals.last(merchant, terminal).map(r -> "; its last message was refused (" + r.reason().label() + ", "
                + TaskView.time(r.atMs()) + ")").orElse(""));
      } else {
        JsonObject body = toJson(ar.result().get())
            .put("lastRefusal", refusals.last(merchant, terminal).map(TerminalRoutes::refusalJson).orElse(null));
        TaskQuery recent = TaskQuery.all().merchant(merchant).terminal(terminal).limit(RECENT_TASKS).build();
        vertx.executeBlocking(() -> tasks.list(recent), false).onComplete(page -> {
          if (page.failed()) {
            TaskRoutes.fail(ctx, page.cause());
          } else {
            Json.ok(ctx, body.put("recentTasks", TaskRoutes.items(page.result().items(), tasks.index().ackDeadlines())));
          }
        });
      }
    });
  }

  static JsonObject toJson(TerminalView v) {
    JsonArray sales = new JsonArray();
    for (OpenSaleView s : v.openSales()) {
      sales.add(new JsonObject()
          .put("txn", s.txn())
          .put("stage", s.stage() == null ? null : s.stage().name())
          .put("amount", s.amount() < 0 ? null : s.amount())
          .put("currency", s.currency())
          .put("rrn", s.rrn())
          .put("firstReceivedAt", TaskView.time(s.firstReceivedMs()))
          .put("eventsSeen", new JsonArray(s.eventsSeen()))
          .put("openFindings", kinds(s.openFindings())));
    }
    JsonArray gaps = new JsonArray();
    for (long[] r : v.missingSeqRanges()) {
      gaps.add(new JsonObject().put("first", r[0]).put("last", r[1]));
    }
    return new JsonObject()
        .put("merchant", v.merchant())
        .put("terminal", v.terminal())
        .put("liveness", v.liveness().name())
        .put("lastHeartbeat", heartbeat(v.lastHeartbeat()))
        .put("clockSkewMs", v.clockSkewMs())
        .put("highestSeq", v.highestSeq() < 0 ? null : v.highestSeq())
        .put("missingSeqRanges", gaps)
        .put("openSales", sales)
        .put("openFindings", kinds(v.openFindings()));
  }

  private static JsonObject refusalJson(TerminalRefusals.Refusal r) {
    return new JsonObject().put("reason", r.reason().label()).put("at", TaskView.time(r.atMs()));
  }

  private static JsonObject heartbeat(TerminalSnapshot s) {
    if (s == null) {
      return null;
    }
    return new JsonObject()
        .put("lastHeardAt", TaskView.time(s.lastHeardMs()))
        .put("online", s.online())
        .put("intervalSec", s.intervalSec() < 0 ? null : s.intervalSec())
        .put("lastSeq", s.lastSeqReported() < 0 ? null : s.lastSeqReported())
        .put("pendingUploads", s.pendingUploads() < 0 ? null : s.pendingUploads())
        .put("pendingSince", TaskView.time(s.pendingSinceMs()))
        .put("printer", s.printer())
        .put("firmware", s.firmware())
        .put("network", s.network())
        .put("signal", s.signal())
        .put("store", s.store())
        .put("region", s.region())
        .put("at", TaskView.time(s.lastHeartbeatAtMs()));
  }

  private static JsonArray kinds(List<FindingKind> kinds) {
    JsonArray a = new JsonArray();
    kinds.forEach(k -> a.add(k.name()));
    return a;
  }
}
