package io.tillwatch.http;

import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.journal.StoredEvent;
import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.ResolutionNotAllowedException;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskConflictException;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskNotFoundException;
import io.tillwatch.tasks.TaskPage;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.tasks.TaskView;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * {@code /api/v1/tasks}: list, one task with its sale's timeline, acknowledge, resolve, reprint.
 * Store reads block, so they run on worker threads; writes are futures of the store's writer.
 */
final class TaskRoutes {
  private static final int MAX_NAME = 128;
  private static final int MAX_NOTE = 2000;

  private final Vertx vertx;
  private final TaskService tasks;
  private final ManualReprint reprints;

  private final TerminalQueries terminals;

  TaskRoutes(Vertx vertx, TaskService tasks, TerminalQueries terminals, ManualReprint reprints) {
    this.vertx = vertx;
    this.tasks = tasks;
    this.terminals = terminals;
    this.reprints = reprints;
  }

  void mount(Router router) {
    router.get("/api/v1/tasks").handler(this::list);
    router.get("/api/v1/tasks/summary").handler(new TaskSummaryRoute(vertx, tasks, terminals)::handle);
    router.get("/api/v1/tasks/:id").handler(this::get);
    router.post("/api/v1/tasks/:id/ack").handler(this::acknowledge);
    router.post("/api/v1/tasks/:id/resolve").handler(this::resolve);
    router.post("/api/v1/tasks/:id/reprint").handler(this::reprint);
  }

  private void list(RoutingContext ctx) {
    TaskQuery query;
    try {
      query = TaskListParams.read(ctx);
    } catch (IllegalArgumentException e) {
      Problem.badRequest(ctx, e.getMessage());
      return;
    }
    vertx.executeBlocking(() -> tasks.list(query), false).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      TaskPage page = ar.result();
      Json.ok(ctx, new JsonObject().put("items", items(page.items(), this.tasks.index().ackDeadlines())).put("nextCursor", page.nextCursor())
          .put("total", page.total()));
    });
  }

  static JsonArray items(List<Task> tasks, AckDeadlines deadlines) {
    JsonArray items = new JsonArray();
    tasks.forEach(t -> items.add(new JsonObject(TaskView.toMap(t, deadlines))));
    return items;
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    vertx.executeBlocking(() -> {
      Task t = tasks.find(id).orElseThrow(() -> new TaskNotFoundException(id));
      List<StoredEvent> timeline = tasks.timeline(t);
      List<TaskHistoryEntry> history = tasks.history(id);
      JsonObject body = new JsonObject(TaskView.toMap(t, tasks.index().ackDeadlines()));
      body.put("timeline", timelineJson(timeline));
      body.put("history", historyJson(history));
      return body;
    }, false).onComplete(ar -> {
      if (ar.succeeded()) {
        Json.ok(ctx, ar.result());
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  private void acknowledge(RoutingContext ctx) {
    byActor(ctx, by -> tasks.acknowledge(ctx.pathParam("id"), by));
  }

  /** A change whose body names only who makes it: read the body and the actor (or answer 400), then reply with the task. */
  private void byActor(RoutingContext ctx, Function<String, CompletableFuture<Task>> change) {
    JsonObject body = Json.body(ctx);
    if (body == null) {
      return;
    }
    String by = actor(ctx, body);
    if (by == null) {
      return;
    }
    reply(ctx, change.apply(by));
  }

  /** Sends the terminal a reprint of the task's sale; the task (with the command's id) is the answer. */
  private void reprint(RoutingContext ctx) {
    byActor(ctx, by -> reprints.reprint(ctx.pathParam("id"), by));
  }

  private void resolve(RoutingContext ctx) {
    JsonObject body = Json.body(ctx);
    if (body == null) {
      return;
    }
    String resolutionText = Json.requiredText(ctx, body, "resolution", 64);
    if (resolutionText == null) {
      return;
    }
    Resolution resolution = Resolution.fromWire(resolutionText);
    if (resolution == null || resolution == Resolution.AUTO_RESOLVED) {
      Problem.badRequest(ctx, "resolution must be one of REPRINTED, FOUND_IN_BACKOFFICE, COLLECTED_AGAIN, REFUNDED, "
          + "NO_CHARGE, FALSE_ALARM");
      return;
    }
    String by = actor(ctx, body);
    if (by == null) {
      return;
    }
    Object note = body.getValue("note");
    if (note != null && (!(note instanceof String n) || n.length() > MAX_NOTE)) {
      Problem.badRequest(ctx, "field 'note' must be a string of at most " + MAX_NOTE + " characters");
      return;
    }
    reply(ctx, tasks.resolve(ctx.pathParam("id"), resolution, by, (String) note));
  }

  /**
   * Who the audit trail records for this change, or null after answering 400.
   *
   * <p>With authentication on, it is the authenticated principal, never free text: {@code by} is
   * optional; equal to the principal's name or absent, the principal is recorded; otherwise the
   * caller acts for someone else (a shared desk tool working for a cashier), recorded as
   * {@code "alice (on behalf of cashier-7)"}, so the accountable principal always comes first and
   * cannot be forged. With authentication off, {@code by} is required and recorded as given
   * (unverified).
   */
  static String actor(RoutingContext ctx, JsonObject body) {
    io.tillwatch.http.auth.Principal p = ApiAuth.principal(ctx);
    Object v = body.getValue("by");
    if (p != null && v == null) {
      return p.name();
    }
    String by = Json.requiredText(ctx, body, "by", MAX_NAME);
    if (by == null) {
      return null;
    }
    if (by.chars().anyMatch(Character::isISOControl)) {
      Problem.badRequest(ctx, "field 'by' must not contain control characters");
      return null;
    }
    if (p == null || by.equals(p.name())) {
      return p == null ? by : p.name();
    }
    return p.name() + " (on behalf of " + by + ")";
  }

  private void reply(RoutingContext ctx, CompletableFuture<Task> change) {
    // The store completes on its writer thread; answer on this request's event loop.
    Future.fromCompletionStage(change, vertx.getOrCreateContext()).onComplete(ar -> {
      if (ar.succeeded()) {
        Json.ok(ctx, new JsonObject(TaskView.toMap(ar.result(), tasks.index().ackDeadlines())));
      } else {
        fail(ctx, ar.cause());
      }
    });
  }

  static void fail(RoutingContext ctx, Throwable error) {
    Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (e instanceof TaskNotFoundException) {
      Problem.notFound(ctx, e.getMessage());
    } else if (e instanceof TaskConflictException) {
      Problem.send(ctx, 409, "Conflict", e.getMessage());
    } else if (e instanceof ResolutionNotAllowedException r) {
      Problem.send(ctx, 422, "Unprocessable Entity", r.getMessage());
    } else if (e instanceof IllegalArgumentException) {
      Problem.badRequest(ctx, e.getMessage());
    } else if (e instanceof ManualReprint.Unavailable) {
      Problem.send(ctx, 503, "Service Unavailable", e.getMessage());
    } else {
      ctx.fail(e);
    }
  }

  private static JsonArray timelineJson(List<StoredEvent> events) {
    JsonArray out = new JsonArray();
    for (StoredEvent s : events) {
      TxnEvent e = s.event();
      out.add(new JsonObject()
          .put("event", e.type().name())
          .put("seq", e.seq())
          .put("at", TaskView.time(e.atMs()))
          .put("receivedAt", TaskView.time(s.receivedAtMs()))
          .put("amount", e.hasAmount() ? e.amount() : null)
          .put("currency", e.currency())
          .put("method", e.method() == null ? null : e.method().name())
          .put("rrn", e.rrn())
          .put("authCode", e.authCode())
          .put("pan", e.pan())
          .put("ref", e.ref()));
    }
    return out;
  }

  private static JsonArray historyJson(List<TaskHistoryEntry> history) {
    JsonArray out = new JsonArray();
    for (TaskHistoryEntry h : history) {
      out.add(new JsonObject()
          .put("at", TaskView.time(h.atMs()))
          .put("change", h.change())
          .put("state", h.state() == null ? null : h.state().name())
          .put("severity", h.severity())
          .put("by", h.by())
          .put("note", h.note()));
    }
    return out;
  }
}
