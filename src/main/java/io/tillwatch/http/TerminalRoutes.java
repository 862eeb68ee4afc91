package io.tillwatch.http;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.OpenSaleView;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.engine.TerminalView;
import io.tillwatch.tasks.TaskView;
import io.tillwatch.telemetry.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/v1/terminals/{merchant}/{terminal}}: liveness, last heartbeat, open sales. */
final class TerminalRoutes {
  private final TerminalQueries terminals;

  TerminalRoutes(TerminalQueries terminals) {
    this.terminals = terminals;
  }

  void mount(Router router) {
    router.get("/api/v1/terminals/:merchant/:terminal").handler(this::get);
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
        Problem.notFound(ctx, "TillWatch is not tracking terminal " + merchant + "/" + terminal);
      } else {
        Json.ok(ctx, toJson(ar.result().get()));
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

  private static JsonArray kinds(java.util.List<FindingKind> kinds) {
    JsonArray a = new JsonArray();
    kinds.forEach(k -> a.add(k.name()));
    return a;
  }
}
