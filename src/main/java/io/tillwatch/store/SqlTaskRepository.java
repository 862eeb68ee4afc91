package io.tillwatch.store;

import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskConflictException;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskPage;
import io.tillwatch.tasks.TaskQuery;
import io.tillwatch.tasks.TaskRepository;
import io.tillwatch.tasks.TaskTransition;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link TaskRepository} on SQLite or PostgreSQL.
 *
 * <p>Every write and every load is one {@link WriteOp} on the single writer thread, so a load sees
 * every write queued before it, committed or not, and a compare-and-set checks the row inside the
 * transaction that writes it. On a store shared by several instances the database settles races:
 * the unique dedupe key makes a second insert of the same finding a no-op, and a compare-and-set
 * on the revision waits for a concurrent writer's commit and then matches nothing, so one of two
 * acknowledgements wins and the other is a conflict. The lifecycle rules are {@link Task}'s; this class only stores what
 * a {@link TaskTransition} decided, appending a {@code task_history} row with each change.
 */
public final class SqlTaskRepository implements TaskRepository {
  private static final String ID_TAKEN = "SELECT 1 FROM tasks WHERE id = ?";

  private final GroupCommitWriter writer;
  private final ReadPool reads;

  SqlTaskRepository(GroupCommitWriter writer, ReadPool reads) {
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
      Task stored = TaskContextRows.fill(s, task);
      PreparedStatement ps = s.prepare(TaskRows.INSERT);
      TaskRows.bindInsert(ps, stored);
      if (ps.executeUpdate() == 0) {
        return Optional.empty(); // another instance committed it first
      }
      history(s, stored, stored.detectedAtMs(), TaskChange.Kind.CREATED, TaskHistoryEntry.SYSTEM, null);
      return Optional.of(stored);
    });
  }

  @Override
  public CompletableFuture<Optional<Task>> load(String id) {
    return writer.submit(s -> Optional.ofNullable(load(s, TaskRows.BY_ID, id)));
  }

  @Override
  public CompletableFuture<Optional<Task>> loadByKey(String dedupeKey) {
    return writer.submit(s -> Optional.ofNullable(load(s, TaskRows.BY_DEDUPE_KEY, dedupeKey)));
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(TaskTransition transition) {
    Objects.requireNonNull(transition, "transition");
    return writer.submit(s -> {
      Task to = transition.to();
      PreparedStatement ps = s.prepare(TaskRows.COMPARE_AND_SET);
      TaskRows.bindCompareAndSet(ps, transition.from(), to);
      if (ps.executeUpdate() == 0) {
        return false;
      }
      history(s, to, to.updatedAtMs(), transition.kind(), transition.by(), transition.note());
      return true;
    });
  }

  private static Task load(WriteSession s, String sql, String key) throws SQLException {
    PreparedStatement ps = s.prepare(sql);
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? TaskRows.read(rs) : null;
    }
  }

  private static void history(WriteSession s, Task t, long atMs, TaskChange.Kind change, String by, String note)
      throws SQLException {
    PreparedStatement ps = s.prepare(TaskRows.INSERT_HISTORY);
    ps.setString(1, t.id());
    ps.setLong(2, atMs);
    ps.setString(3, change.auditName());
    ps.setString(4, t.state().name());
    ps.setString(5, t.severity().name());
    Sql.setText(ps, 6, by);
    Sql.setText(ps, 7, note);
    ps.executeUpdate();
  }

  // ---- reads ---------------------------------------------------------------------------------

  /**
   * Keyset-paged in the query's order ({@link TaskListSql}): the cursor is the sort key of the
   * previous page's last task, so paging stays stable and cheap however deep it goes. The total is
   * counted by a second statement right after the page (each read is its own snapshot): a change
   * committed in between can make them differ by one until the next read.
   *
   * @throws IllegalArgumentException on a cursor this store did not make for that order
   */
  @Override
  public TaskPage list(TaskQuery q) {
    int limit = q.limit() <= 0 ? TaskQuery.DEFAULT_LIMIT : Math.min(q.limit(), TaskQuery.MAX_LIMIT);
    TaskCursor after = q.cursor() == null || q.cursor().isEmpty() ? null : TaskCursor.decode(q.cursor(), q.order());
    TaskListSql list = new TaskListSql(q, reads.dialect());
    List<Object> pageArgs = new ArrayList<>();
    String pageSql = list.pageSql(q.order(), after, limit, pageArgs);
    return reads.read("task list", c -> {
      List<Task> items = new ArrayList<>(limit + 1);
      try (PreparedStatement ps = c.prepareStatement(pageSql)) {
        bind(ps, pageArgs);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(TaskRows.read(rs));
          }
        }
      }
      long total;
      try (PreparedStatement ps = c.prepareStatement(list.countSql())) {
        bind(ps, list.countArgs());
        try (ResultSet rs = ps.executeQuery()) {
          total = rs.next() ? rs.getLong(1) : 0;
        }
      }
      String next = null;
      if (items.size() > limit) {
        items.remove(limit);
        next = TaskListSql.cursorAfter(items.get(limit - 1), q.order()).encode();
      }
      return new TaskPage(List.copyOf(items), next, total);
    });
  }

  private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setObject(i + 1, args.get(i));
    }
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
