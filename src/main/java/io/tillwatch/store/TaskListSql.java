package io.tillwatch.store;

import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL of one task list query: the filters' WHERE (shared by the page and its total), the
 * order's keyset condition and ORDER BY. Values are always bound, never spliced into the text.
 *
 * <p>Newest first walks the {@code *_newest} indexes. Most urgent first orders by a severity rank
 * that no index holds, so SQLite sorts the matching rows: cheap for the inbox (the unresolved
 * tasks, thousands at most), and the history, which can be large, uses newest first.
 */
final class TaskListSql {
  /** Critical first; the rank is also the urgent cursor's first key. */
  static final String RANK = "(CASE severity WHEN 'CRITICAL' THEN 0 WHEN 'WARNING' THEN 1 ELSE 2 END)";

  private final StringBuilder where = new StringBuilder(" WHERE 1 = 1");
  private final List<Object> args = new ArrayList<>();

  TaskListSql(TaskQuery q, Dialect dialect) {
    in("state", q.states());
    in("kind", q.kinds());
    in("severity", q.severities());
    in("resolution", q.resolutions());
    equal("merchant", q.merchant());
    equal("terminal", q.terminal());
    equal("store", q.store());
    equal("rrn", q.rrn());
    if (q.txn() != null) {
      where.append(" AND (txn = ? OR related_txn = ?)");
      args.add(q.txn());
      args.add(q.txn());
    }
    if (q.resolvedBy() != null) {
      where.append(" AND ").append(dialect.containsIgnoringCase("resolved_by"));
      args.add(q.resolvedBy());
    }
    if (q.fromMs() != Long.MIN_VALUE) {
      where.append(" AND detected_at_ms >= ?");
      args.add(q.fromMs());
    }
    if (q.toMs() != Long.MAX_VALUE) {
      where.append(" AND detected_at_ms < ?");
      args.add(q.toMs());
    }
  }

  private void in(String column, Collection<? extends Enum<?>> values) {
    if (values.isEmpty()) {
      return;
    }
    where.append(" AND ").append(column).append(" IN (");
    String sep = "";
    for (Enum<?> v : values) {
      where.append(sep).append('?');
      args.add(v.name());
      sep = ", ";
    }
    where.append(')');
  }

  private void equal(String column, String value) {
    if (value != null) {
      where.append(" AND ").append(column).append(" = ?");
      args.add(value);
    }
  }

  /** {@code SELECT COUNT(*)} of every matching task. */
  String countSql() {
    return "SELECT COUNT(*) FROM tasks" + where;
  }

  List<Object> countArgs() {
    return List.copyOf(args);
  }

  /** One page after {@code after} (null: the first), with one extra row that tells whether another page follows. */
  String pageSql(TaskQuery.Order order, TaskCursor after, int limit, List<Object> pageArgs) {
    pageArgs.addAll(args);
    StringBuilder sql = new StringBuilder("SELECT ").append(TaskRows.COLUMNS).append(" FROM tasks").append(where);
    if (order == TaskQuery.Order.URGENT) {
      if (after != null) {
        sql.append(" AND (").append(RANK).append(", detected_at_ms, id) > (?, ?, ?)");
        pageArgs.add(after.rank());
        pageArgs.add(after.detectedAtMs());
        pageArgs.add(after.id());
      }
      sql.append(" ORDER BY ").append(RANK).append(", detected_at_ms, id LIMIT ?");
    } else {
      if (after != null) {
        sql.append(" AND (detected_at_ms, id) < (?, ?)");
        pageArgs.add(after.detectedAtMs());
        pageArgs.add(after.id());
      }
      sql.append(" ORDER BY detected_at_ms DESC, id DESC LIMIT ?");
    }
    pageArgs.add(limit + 1);
    return sql.toString();
  }

  /** The cursor that continues after {@code last} in {@code order}. */
  static TaskCursor cursorAfter(Task last, TaskQuery.Order order) {
    return order == TaskQuery.Order.URGENT
        ? new TaskCursor(order, rank(last.severity()), last.detectedAtMs(), last.id())
        : TaskCursor.newest(last.detectedAtMs(), last.id());
  }

  /** {@link #RANK} in Java. */
  static int rank(Severity s) {
    return switch (s) {
      case CRITICAL -> 0;
      case WARNING -> 1;
      case INFO -> 2;
    };
  }
}
