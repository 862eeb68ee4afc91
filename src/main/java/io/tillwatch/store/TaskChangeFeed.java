package io.tillwatch.store;

import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskHistoryEntry;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells this instance of the task changes other instances commit on the shared PostgreSQL store.
 *
 * <p>Design notes.
 * <ul>
 *   <li>LISTEN/NOTIFY rather than polling: the {@code tasks_changed} trigger notifies channel
 *       {@code tillwatch_task} at commit, and only if the change commits, so a change reaches every
 *       other instance within milliseconds and an idle fleet costs no queries at all. Polling would
 *       trade that latency against a query per instance per interval.</li>
 *   <li>A dedicated connection, not one of the read pool's: LISTEN belongs to a session, and a pooled
 *       connection serves other reads and may be replaced by the pool at any moment.</li>
 *   <li>One daemon thread waits in {@code getNotifications(timeout)}. A notification names the task,
 *       its revision and the writer's {@code application_name}; this instance's own are only noted
 *       (its listeners heard of them at commit). For another's, the task is read together with its
 *       last history entry (the change's kind, author and note) and handed to the callback. The read
 *       shows the task as stored now, so quick successive changes may arrive as one, the latest; a
 *       notification whose revision was already handed on is skipped.</li>
 *   <li>Catch-up. PostgreSQL queues notifications only for sessions that are listening: whatever
 *       commits while the connection is lost is never notified to it. After a reconnect (a growing
 *       pause, {@link #MIN_PAUSE_MS} doubling to {@link #MAX_PAUSE_MS}) the feed LISTENs first and
 *       then re-reads every task with {@code updated_at_ms >= last seen alive - }{@link #CATCH_UP_MARGIN_MS},
 *       handing on those whose revision it has not handed on yet; so nothing that changed meanwhile is
 *       missed. {@code updated_at_ms} is the changing instance's clock, taken before its write waited
 *       in that instance's queue and committed: the margin covers both, and clock skew between hosts.
 *       A row does not say which instance wrote it, so an own change committed while the feed was
 *       away may be handed on as made elsewhere: delivery is at least once, and listeners treat a
 *       repeat as harmless (the same task state again).</li>
 * </ul>
 */
public final class TaskChangeFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskChangeFeed.class);
  static final String CHANNEL = "tillwatch_task";
  static final long MIN_PAUSE_MS = 500;
  static final long MAX_PAUSE_MS = 10_000;
  /** How far before the connection was last known alive the catch-up starts re-reading. */
  static final long CATCH_UP_MARGIN_MS = 60_000;
  /** How long one wait for notifications lasts: also how soon {@link #close()} is noticed. */
  private static final int POLL_MS = 500;
  /** An idle connection is checked this often, so a silently dead link is found and replaced. */
  private static final long KEEP_ALIVE_MS = 10_000;
  /** Revisions remembered per task to skip repeats; the oldest are forgotten first. */
  private static final int SEEN_LIMIT = 100_000;

  /** The task and its last history entry; the task's columns keep their names, so {@link TaskRows#read} maps them. */
  private static final String READ = "SELECT t.*, h.last_change, h.last_by, h.last_note FROM (SELECT " + TaskRows.COLUMNS
      + " FROM tasks WHERE %s) t LEFT JOIN LATERAL (SELECT change AS last_change, changed_by AS last_by, note AS last_note "
      + "FROM task_history WHERE task_id = t.id ORDER BY id DESC LIMIT 1) h ON true ORDER BY t.updated_at_ms, t.id";
  private static final String BY_IDS = String.format(READ, "id = ANY (?)");
  private static final String CHANGED_SINCE = String.format(READ, "updated_at_ms >= ?");

  private final ConnectionSource source;
  private final String ownName;
  private final Consumer<TaskChange> onChange;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);
  /** Task id -> the highest revision handed on or made here; feed thread only. */
  private final Map<String, Long> seen = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > SEEN_LIMIT;
    }
  };
  private volatile Connection connection;
  private volatile boolean closed;
  /** Wall-clock time from which on a lost connection may have missed notifications. */
  private long aliveMs;
  private long lastQueryMs;
  private boolean catchUpNeeded;

  private TaskChangeFeed(ConnectionSource source, String instanceId, Consumer<TaskChange> onChange) {
    this.source = source;
    this.ownName = PostgresDatabase.applicationName(instanceId);
    this.onChange = onChange;
    this.thread = new Thread(this::run, "tillwatch-task-feed");
    thread.setDaemon(true);
  }

  /**
   * Starts listening: when this returns, every change committed from now on will be told (unless
   * the server could not be reached just now; then the feed keeps trying and catches up). Callers
   * that read the task list should do so after this.
   */
  static TaskChangeFeed start(PostgresSettings pg, String instanceId, Consumer<TaskChange> onChange) {
    return start(() -> PostgresDatabase.openListener(pg, instanceId), pg.url(), instanceId, onChange);
  }

  /** Seam for tests: a source whose connections they can cut and refuse. */
  static TaskChangeFeed start(ConnectionSource source, String where, String instanceId, Consumer<TaskChange> onChange) {
    TaskChangeFeed feed = new TaskChangeFeed(source, instanceId, onChange);
    feed.aliveMs = System.currentTimeMillis();
    try {
      feed.connect();
    } catch (SQLException e) {
      LOG.warn("task change feed: cannot listen on {} yet ({}); retrying, then catching up", where, e.getMessage());
      feed.drop();
      feed.catchUpNeeded = true;
    }
    feed.thread.start();
    return feed;
  }

  private void run() {
    long pauseMs = MIN_PAUSE_MS;
    while (!closed) {
      try {
        if (connection == null) {
          connect();
        }
        if (catchUpNeeded) {
          int n = catchUp(aliveMs - CATCH_UP_MARGIN_MS);
          catchUpNeeded = false;
          LOG.info("task change feed listening again; {} task changes caught up", n);
        }
        pauseMs = MIN_PAUSE_MS;
        poll();
      } catch (SQLException | RuntimeException e) {
        if (closed) {
          break;
        }
        drop();
        catchUpNeeded = true;
        LOG.warn("task change feed lost its connection ({}); reconnecting in {} ms", e.getMessage(), pauseMs);
        if (pause(pauseMs)) {
          break;
        }
        pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
      }
    }
    drop();
  }

  private void connect() throws SQLException {
    Connection c = source.open();
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + CHANNEL);
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    connection = c;
    lastQueryMs = System.currentTimeMillis();
  }

  /**
   * Waits for notifications once and hands on what they announce. All that arrived together are
   * read with one query: a burst (a settlement bill resolving hundreds of tasks) costs one read.
   */
  private void poll() throws SQLException {
    long startedMs = System.currentTimeMillis();
    PGNotification[] notes = connection.unwrap(PGConnection.class).getNotifications(POLL_MS);
    Set<String> toRead = new LinkedHashSet<>();
    if (notes != null) {
      for (PGNotification n : notes) {
        String id = elsewhere(n.getParameter());
        if (id != null) {
          toRead.add(id);
        }
      }
    }
    if (!toRead.isEmpty()) {
      Array ids = connection.createArrayOf("text", toRead.toArray());
      read(BY_IDS, ps -> ps.setArray(1, ids));
    }
    if (System.currentTimeMillis() - lastQueryMs >= KEEP_ALIVE_MS) {
      try (Statement s = connection.createStatement()) {
        s.execute("SELECT 1");
      }
      lastQueryMs = System.currentTimeMillis();
    }
    aliveMs = startedMs; // everything committed since then was either told above or will be
  }

  /**
   * Reads {@code "<task id> <revision> <application_name>"}, as the schema's trigger writes it: the
   * task to read, or null when the change is this instance's own or was already handed on.
   */
  private String elsewhere(String payload) {
    String[] parts = payload.split(" ", 3);
    long revision;
    try {
      revision = parts.length < 3 ? -1 : Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      revision = -1;
    }
    if (revision < 0) {
      LOG.warn("task change feed: ignoring a notification it cannot read: {}", payload);
      return null;
    }
    String id = parts[0];
    if (parts[2].equals(ownName)) {
      seen.merge(id, revision, Math::max); // its listeners heard of it at commit
      return null;
    }
    return seenRevision(id) >= revision ? null : id; // else an earlier read already showed this revision or a later one
  }

  /** Re-reads every task changed since {@code sinceMs}; the number handed on. */
  private int catchUp(long sinceMs) throws SQLException {
    return read(CHANGED_SINCE, ps -> ps.setLong(1, sinceMs));
  }

  @FunctionalInterface
  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private int read(String sql, Binder binder) throws SQLException {
    int told = 0;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Task task;
          try {
            task = TaskRows.read(rs);
          } catch (RuntimeException e) { // a row this version cannot map (a newer instance's kind): skip it, keep the feed
            LOG.warn("task change feed: cannot read task {}: {}", rs.getString("id"), e.toString());
            continue;
          }
          if (seenRevision(task.id()) >= task.revision()) {
            continue;
          }
          String change = rs.getString("last_change");
          TaskChange.Kind kind = change == null ? TaskChange.Kind.CREATED : TaskChange.Kind.ofAuditName(change).orElse(null);
          if (kind == null) {
            LOG.warn("task change feed: task {} has a change this version does not know: {}", task.id(), change);
            continue;
          }
          String by = rs.getString("last_by");
          seen.put(task.id(), task.revision());
          tell(TaskChange.stored(task, kind, by == null ? TaskHistoryEntry.SYSTEM : by, rs.getString("last_note")));
          told++;
        }
      }
    }
    lastQueryMs = System.currentTimeMillis();
    return told;
  }

  private long seenRevision(String id) {
    Long r = seen.get(id);
    return r == null ? -1 : r;
  }

  private void tell(TaskChange change) {
    try {
      onChange.accept(change);
    } catch (RuntimeException e) {
      LOG.error("task change feed: handling {} of task {} failed", change.kind(), change.task().id(), e);
    }
  }

  /** Sleeps before the next reconnect; true when the feed was closed meanwhile. */
  private boolean pause(long ms) {
    try {
      return closing.await(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void drop() {
    Connection c = connection;
    connection = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already broken
      }
    }
  }

  /** Stops listening; waits for the feed thread to finish a change it is handing on. */
  @Override
  public void close() {
    closed = true;
    closing.countDown();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      drop(); // stuck in a read on a dead link: closing the socket ends it
    }
  }
}
