package io.tillwatch.store;

import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskConflictException;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskNotFoundException;
import io.tillwatch.tasks.TaskPage;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskRepository;
import io.tillwatch.tasks.TaskState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link TaskRepository} on SQLite.
 *
 * <p>Every write is one check-then-write {@link WriteOp} on the single writer thread: the check
 * reads the current row inside the same transaction that writes, and no other write can run in
 * between, so "one task per dedupe key" and "409 on a resolved task" hold under any race (an
 * operator's resolve against a late event's autoResolve: whichever op the writer runs first wins,
 * the other sees RESOLVED). Domain rejections throw before anything is written.
 *
 * <p>Every change appends a {@code task_history} row ({@link #CREATED}, {@link #ACKNOWLEDGED},
 * {@link #RESOLVED}, {@link #AUTO_RESOLVED}, {@link #SEVERITY_CHANGED}).
 */
public final class SqliteTaskRepository implements TaskRepository {
  public static final String CREATED = "created";
  public static final String ACKNOWLEDGED = "acknowledged";
  public static final String RESOLVED = "resolved";
  public static final String AUTO_RESOLVED = "auto-resolved";
  public static final String SEVERITY_CHANGED = "severity-changed";
  /** {@code by} of automatic changes. */
  public static final String TILLWATCH = "tillwatch";

  private static final String UPDATE_STATE = "UPDATE tasks SET state = ?, updated_at_ms = ? WHERE id = ?";
  private static final String UPDATE_RESOLVED = "UPDATE tasks SET state = 'RESOLVED', resolution = ?, resolved_by = ?, "
      + "note = ?, updated_at_ms = ?, resolved_at_ms = ? WHERE id = ?";
  private static final String UPDATE_SEVERITY = "UPDATE tasks SET severity = ?, updated_at_ms = ? WHERE id = ?";
  private static final String ID_TAKEN = "SELECT 1 FROM tasks WHERE id = ?";

  private final GroupCommitWriter writer;
  private final ReadPool reads;

  SqliteTaskRepository(GroupCommitWriter writer, ReadPool reads) {
    this.writer = writer;
    this.reads = reads;
  }

  // ---- writes --------------------------------------------------------------------------------

  @Override
  public CompletableFuture<Optional<Task>> insertIfAbsent(Task task) {
    Objects.requireNonNull(task, "task");
    return writer.submit(s -> {
      if (load(s, TaskRows.BY_DEDUPE_KEY, task.dedupeKey()) != null) {
        return Optional.empty();
      }
      // A reused id with another dedupe key is a caller bug; reject it alone rather than let the
      // PRIMARY KEY violation (a SQLException) fail the whole batch.
      PreparedStatement taken = s.prepare(ID_TAKEN);
      taken.setString(1, task.id());
      try (ResultSet rs = taken.executeQuery()) {
        if (rs.next()) {
          throw new TaskConflictException("task id " + task.id() + " is already used by another finding", null);
        }
      }
      PreparedStatement ps = s.prepare(TaskRows.INSERT);
      TaskRows.bindInsert(ps, task);
      ps.executeUpdate();
      history(s, task, task.detectedAtMs(), CREATED, TILLWATCH, null);
      return Optional.of(task);
    });
  }

  @Override
  public CompletableFuture<Task> acknowledge(String id, String by, long atMs) {
    return writer.submit(s -> {
      Task current = require(s, id);
      switch (current.state()) {
        case ACKNOWLEDGED:
          return current;
        case RESOLVED:
          throw new TaskConflictException("task " + id + " is already resolved", current);
        default:
          break;
      }
      Task next = current.withState(TaskState.ACKNOWLEDGED, atMs);
      PreparedStatement ps = s.prepare(UPDATE_STATE);
      ps.setString(1, TaskState.ACKNOWLEDGED.name());
      ps.setLong(2, atMs);
      ps.setString(3, id);
      ps.executeUpdate();
      history(s, next, atMs, ACKNOWLEDGED, by, null);
      return next;
    });
  }

  @Override
  public CompletableFuture<Task> resolve(String id, Resolution resolution, String by, String note, long atMs) {
    Objects.requireNonNull(resolution, "resolution");
    return writer.submit(s -> {
      Task current = require(s, id);
      if (current.state() == TaskState.RESOLVED) {
        throw new TaskConflictException("task " + id + " is already resolved", current);
      }
      Task next = current.resolved(resolution, by, note, atMs);
      writeResolution(s, next, atMs);
      history(s, next, atMs, RESOLVED, by, note);
      return next;
    });
  }

  @Override
  public CompletableFuture<Optional<Task>> autoResolve(String dedupeKey, String reason, long atMs) {
    return writer.submit(s -> {
      Task current = load(s, TaskRows.BY_DEDUPE_KEY, dedupeKey);
      if (current == null || current.state() == TaskState.RESOLVED) {
        return Optional.empty();
      }
      Task next = current.resolved(Resolution.AUTO_RESOLVED, TILLWATCH, reason, atMs);
      writeResolution(s, next, atMs);
      history(s, next, atMs, AUTO_RESOLVED, TILLWATCH, reason);
      return Optional.of(next);
    });
  }

  @Override
  public CompletableFuture<Optional<Task>> changeSeverity(String dedupeKey, Severity severity, long atMs) {
    Objects.requireNonNull(severity, "severity");
    return writer.submit(s -> {
      Task current = load(s, TaskRows.BY_DEDUPE_KEY, dedupeKey);
      if (current == null || current.state() == TaskState.RESOLVED || current.severity() == severity) {
        return Optional.empty();
      }
      Task next = current.withSeverity(severity, atMs);
      PreparedStatement ps = s.prepare(UPDATE_SEVERITY);
      ps.setString(1, severity.name());
      ps.setLong(2, atMs);
      ps.setString(3, current.id());
      ps.executeUpdate();
      history(s, next, atMs, SEVERITY_CHANGED, TILLWATCH, current.severity().label() + " -> " + severity.label());
      return Optional.of(next);
    });
  }

  private static Task require(WriteSession s, String id) throws SQLException {
    Task t = load(s, TaskRows.BY_ID, id);
    if (t == null) {
      throw new TaskNotFoundException(id);
    }
    return t;
  }

  private static Task load(WriteSession s, String sql, String key) throws SQLException {
    PreparedStatement ps = s.prepare(sql);
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? TaskRows.read(rs) : null;
    }
  }

  private static void writeResolution(WriteSession s, Task t, long atMs) throws SQLException {
    PreparedStatement ps = s.prepare(UPDATE_RESOLVED);
    ps.setString(1, t.resolution().how().name());
    Sql.setText(ps, 2, t.resolution().by());
    Sql.setText(ps, 3, t.resolution().note());
    ps.setLong(4, atMs);
    ps.setLong(5, atMs);
    ps.setString(6, t.id());
    ps.executeUpdate();
  }

  private static void history(WriteSession s, Task t, long atMs, String change, String by, String note)
      throws SQLException {
    PreparedStatement ps = s.prepare(TaskRows.INSERT_HISTORY);
    ps.setString(1, t.id());
    ps.setLong(2, atMs);
    ps.setString(3, change);
    ps.setString(4, t.state().name());
    ps.setString(5, t.severity().name());
    Sql.setText(ps, 6, by);
    Sql.setText(ps, 7, note);
    ps.executeUpdate();
  }

  // ---- reads ---------------------------------------------------------------------------------

  /**
   * Newest first by (detected_at_ms DESC, id DESC), keyset-paged: the cursor is the sort key of the
   * previous page's last task, so paging stays stable and cheap however deep it goes.
   *
   * @throws IllegalArgumentException on a cursor this store did not make
   */
  @Override
  public TaskPage list(TaskQuery q) {
    int limit = q.limit() <= 0 ? TaskQuery.DEFAULT_LIMIT : Math.min(q.limit(), TaskQuery.MAX_LIMIT);
    TaskCursor after = q.cursor() == null || q.cursor().isEmpty() ? null : TaskCursor.decode(q.cursor());
    StringBuilder sql = new StringBuilder("SELECT ").append(TaskRows.COLUMNS).append(" FROM tasks WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (q.state() != null) {
      sql.append(" AND state = ?");
      args.add(q.state().name());
    }
    if (q.kind() != null) {
      sql.append(" AND kind = ?");
      args.add(q.kind().name());
    }
    if (q.merchant() != null) {
      sql.append(" AND merchant = ?");
      args.add(q.merchant());
    }
    if (q.terminal() != null) {
      sql.append(" AND terminal = ?");
      args.add(q.terminal());
    }
    if (after != null) {
      sql.append(" AND (detected_at_ms, id) < (?, ?)");
      args.add(after.detectedAtMs());
      args.add(after.id());
    }
    // One extra row tells whether another page follows.
    sql.append(" ORDER BY detected_at_ms DESC, id DESC LIMIT ?");
    args.add(limit + 1);
    return reads.read("task list", c -> {
      List<Task> items = new ArrayList<>(limit + 1);
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        for (int i = 0; i < args.size(); i++) {
          ps.setObject(i + 1, args.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(TaskRows.read(rs));
          }
        }
      }
      String next = null;
      if (items.size() > limit) {
        items.remove(limit);
        Task last = items.get(limit - 1);
        next = new TaskCursor(last.detectedAtMs(), last.id()).encode();
      }
      return new TaskPage(List.copyOf(items), next);
    });
  }

  @Override
  public Optional<Task> find(String id) {
    return reads.read("task find", c -> {
      try (PreparedStatement ps = c.prepareStatement(TaskRows.BY_ID)) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(TaskRows.read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<TaskHistoryEntry> history(String id) {
    return reads.read("task history", c -> {
      List<TaskHistoryEntry> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT at_ms, change, state, severity, changed_by, note FROM task_history WHERE task_id = ? ORDER BY id")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(TaskRows.readHistory(rs));
          }
        }
      }
      return out;
    });
  }

  @Override
  public List<Task> unresolved() {
    return reads.read("unresolved tasks", c -> {
      List<Task> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + TaskRows.COLUMNS
          + " FROM tasks WHERE state IN ('OPEN', 'ACKNOWLEDGED') ORDER BY detected_at_ms, id")) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(TaskRows.read(rs));
          }
        }
      }
      return out;
    });
  }
}
