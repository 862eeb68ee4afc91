package io.tillwatch.http;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.http.auth.Session;
import io.tillwatch.http.auth.Sessions;
import io.tillwatch.tasks.AckDeadlines;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;
import io.tillwatch.tasks.TaskView;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/tasks/events}: every committed task change as a Server-Sent Event,
 * {@code event: task} with {@code data: {"change":..., "task":{...}}}, the task as a list row
 * ({@link TaskView#toRowMap}: a page that shows a whole task reads it from the API), optionally
 * only one merchant's; {@code retry: 2000} first, a {@code : ping} comment every ping interval.
 *
 * <p>Design. {@link #changed} runs on the store's writer thread, which must never wait for a
 * client: it only appends the change to each matching subscriber's pending list; everything that
 * touches a connection happens on the subscriber's own event loop. Changes are sent in batches:
 * the first change after a flush schedules one (a {@code runOnContext} and a timer of
 * {@link #FLUSH_INTERVAL}), and the flush writes everything pending as one buffer. So a stream costs
 * a few writes a second however many changes commit (a full-speed ingest commits hundreds a
 * second, and a write per change per stream took a fifth of the ingest's throughput from the event
 * loops with 50 consoles open), while a change still reaches a console in a tenth of a second. The
 * event's bytes are made at most once per change, by whichever event loop needs them first, and
 * the one buffer is shared by every stream. Before each write a subscriber checks
 * {@code writeQueueFull()}, and it holds at most {@link #MAX_PENDING} changes between flushes: a
 * client that does not keep up is disconnected (it reconnects and reloads its list), so a slow
 * reader costs a bounded queue, never unbounded memory.
 * A stream opened with a session cookie ends at the first ping after the session ended (sign-out,
 * idle expiry): the browser's EventSource then reconnects and meets the 401.
 */
final class TaskEvents implements TaskListener {
  static final String PATH = "/api/v1/tasks/events";
  static final Duration PING_INTERVAL = Duration.ofSeconds(15);
  private static final Set<String> PARAMS = Set.of("merchant");
  /**
   * Bytes one stream may have waiting to be sent: a burst of a few hundred changes (a settlement
   * bill resolving many tasks at once) fits, so a healthy console survives it; 50 consoles that
   * stopped reading hold at most 25 MB before they are cut.
   */
  static final int MAX_QUEUED_BYTES = 512 * 1024;
  /** How long changes gather before a stream's write: well under the console's 2 s promise. */
  static final Duration FLUSH_INTERVAL = Duration.ofMillis(100);
  /** Changes one stream may have waiting for its next flush (its event loop is not getting to it). */
  static final int MAX_PENDING = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(TaskEvents.class);
  private static final Buffer RETRY = Buffer.buffer("retry: 2000\n\n");
  private static final Buffer PING_COMMENT = Buffer.buffer(": ping\n\n");

  private final Vertx vertx;
  private final Sessions sessions;
  private final long pingMs;
  private final long flushMs;
  private final int maxQueuedBytes;
  /** Each event's task carries its ackDueAt, as the API's do. */
  private final AckDeadlines deadlines;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

  /** @param ping how often an idle stream gets a comment (keeps proxies from timing it out, finds dead peers) */
  TaskEvents(Vertx vertx, Sessions sessions, AckDeadlines deadlines, Duration ping, int maxQueuedBytes) {
    this(vertx, sessions, deadlines, ping, FLUSH_INTERVAL, maxQueuedBytes);
  }

  /** @param flush how long changes gather before a stream's write; zero writes at once */
  TaskEvents(Vertx vertx, Sessions sessions, AckDeadlines deadlines, Duration ping, Duration flush, int maxQueuedBytes) {
    this.vertx = vertx;
    this.sessions = sessions;
    this.deadlines = deadlines;
    this.pingMs = ping.toMillis();
    this.flushMs = flush.toMillis();
    this.maxQueuedBytes = maxQueuedBytes;
  }

  void mount(Router router) {
    router.get(PATH).handler(this::open);
  }

  void bindMetrics(MeterRegistry registry) {
    Gauge.builder("tillwatch_http_live_streams", subscribers, Set::size)
        .description("Open live task streams (GET /api/v1/tasks/events), e.g. consoles").register(registry);
  }

  /** Streams open now. */
  int size() {
    return subscribers.size();
  }

  private void open(RoutingContext ctx) {
    String merchant;
    try {
      merchant = QueryParams.of(ctx, PARAMS).id("merchant");
    } catch (IllegalArgumentException e) {
      Problem.badRequest(ctx, e.getMessage());
      return;
    }
    HttpServerResponse response = ctx.response().setChunked(true).setWriteQueueMaxSize(maxQueuedBytes)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no"); // a fronting nginx must not hold events back
    Session session = ApiAuth.session(ctx);
    Subscriber s = new Subscriber(vertx.getOrCreateContext(), response, merchant, session == null ? null : session.id());
    response.closeHandler(v -> s.close());
    response.exceptionHandler(e -> s.close());
    subscribers.add(s); // before the first bytes: a client that has read them hears of every later change
    response.write(RETRY);
    s.timer = vertx.setPeriodic(pingMs, id -> s.ping());
  }

  @Override
  public void changed(TaskChange change) {
    if (subscribers.isEmpty()) {
      return;
    }
    Event event = new Event(change, deadlines);
    String merchant = change.task().key().merchant();
    for (Subscriber s : subscribers) {
      if ((s.merchant == null || s.merchant.equals(merchant)) && s.offer(event)) {
        s.context.runOnContext(v -> s.scheduleFlush());
      }
    }
  }

  /** A console here shows the one shared task list: a change made by another instance is streamed like one made here. */
  @Override
  public void changedElsewhere(TaskChange change) {
    changed(change);
  }

  /** One change's event text, encoded once, lazily. */
  private static final class Event {
    private final TaskChange change;
    private final AckDeadlines deadlines;
    private Buffer bytes;

    Event(TaskChange change, AckDeadlines deadlines) {
      this.change = change;
      this.deadlines = deadlines;
    }

    synchronized Buffer bytes() {
      if (bytes == null) {
        String data = new JsonObject().put("change", change.kind().auditName())
            .put("task", new JsonObject(TaskView.toRowMap(change.task(), deadlines))).encode(); // one line: JSON escapes newlines
        bytes = Buffer.buffer("event: task\ndata: " + data + "\n\n");
      }
      return bytes;
    }
  }

  /** One open stream; its methods run on its own context. */
  private final class Subscriber {
    final Context context;
    final HttpServerResponse response;
    final String merchant;
    final String sessionId;
    long timer = -1;
    boolean closed;
    /** Changes since the last flush; guarded by this subscriber (the writer thread adds, the event loop takes). */
    private ArrayList<Event> pending = new ArrayList<>();
    private boolean flushScheduled;
    private boolean overflowed;

    Subscriber(Context context, HttpServerResponse response, String merchant, String sessionId) {
      this.context = context;
      this.response = response;
      this.merchant = merchant;
      this.sessionId = sessionId;
    }

    /** Adds a change; true when the caller must schedule a flush (none is scheduled yet). */
    synchronized boolean offer(Event e) {
      if (pending.size() >= MAX_PENDING) {
        overflowed = true; // the flush already scheduled will disconnect
        return false;
      }
      pending.add(e);
      if (flushScheduled) {
        return false;
      }
      flushScheduled = true;
      return true;
    }

    void scheduleFlush() {
      if (flushMs <= 0) {
        flush();
      } else {
        vertx.setTimer(flushMs, id -> flush());
      }
    }

    /** The changes gathered since the last flush; null when more arrived than a stream may hold. */
    private synchronized List<Event> take() {
      List<Event> batch = overflowed ? null : pending;
      pending = new ArrayList<>();
      flushScheduled = false;
      return batch;
    }

    /** Writes every pending change as one buffer. */
    void flush() {
      List<Event> batch = take();
      if (batch == null) {
        drop("it fell more than " + MAX_PENDING + " changes behind");
        return;
      }
      if (batch.size() == 1) {
        send(batch.get(0).bytes());
        return;
      }
      Buffer all = Buffer.buffer();
      for (Event e : batch) {
        all.appendBuffer(e.bytes());
      }
      send(all);
    }

    private void drop(String why) {
      if (!closed) {
        LOG.info("live task stream disconnected: {} (it may reconnect)", why);
        close();
        response.reset(); // HTTP/1.1: closes the connection; HTTP/2: resets this stream only
      }
    }

    void send(Buffer bytes) {
      if (closed) {
        return;
      }
      if (response.writeQueueFull()) {
        drop("the client does not read fast enough");
        return;
      }
      response.write(bytes);
    }

    void ping() {
      if (sessionId != null && !sessions.live(sessionId)) {
        close();
        response.reset(); // the EventSource reconnects and meets the 401
        return;
      }
      send(PING_COMMENT);
    }

    void close() {
      if (!closed) {
        closed = true;
        subscribers.remove(this);
        vertx.cancelTimer(timer);
      }
    }
  }
}
