package io.tillwatch.store;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Mapping of {@link Task} and {@link TaskHistoryEntry} to and from their tables. */
final class TaskRows {
  private TaskRows() {}

  static final String COLUMNS = "id, dedupe_key, kind, severity, state, merchant, terminal, txn, subject, amount, "
      + "currency, rrn, pan, related_txn, detail, action, due_at_ms, detected_at_ms, updated_at_ms, resolution, "
      + "resolved_by, note";

  static final String INSERT = "INSERT INTO tasks (" + COLUMNS + ", resolved_at_ms) "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static final String BY_ID = "SELECT " + COLUMNS + " FROM tasks WHERE id = ?";
  static final String BY_DEDUPE_KEY = "SELECT " + COLUMNS + " FROM tasks WHERE dedupe_key = ?";

  static final String INSERT_HISTORY = "INSERT INTO task_history (task_id, at_ms, change, state, severity, changed_by, "
      + "note) VALUES (?, ?, ?, ?, ?, ?, ?)";

  static void bindInsert(PreparedStatement ps, Task t) throws SQLException {
    ps.setString(1, t.id());
    ps.setString(2, t.dedupeKey());
    ps.setString(3, t.kind().name());
    ps.setString(4, t.severity().name());
    ps.setString(5, t.state().name());
    ps.setString(6, t.merchant());
    ps.setString(7, t.terminal());
    Sql.setText(ps, 8, t.txn());
    Sql.setText(ps, 9, t.subject());
    Sql.setLongOrNull(ps, 10, t.amount(), -1);
    Sql.setText(ps, 11, t.currency());
    Sql.setText(ps, 12, t.rrn());
    Sql.setText(ps, 13, t.pan());
    Sql.setText(ps, 14, t.relatedTxn());
    Sql.setText(ps, 15, t.detail());
    Sql.setText(ps, 16, t.action());
    ps.setLong(17, t.dueAtMs());
    ps.setLong(18, t.detectedAtMs());
    ps.setLong(19, t.updatedAtMs());
    Sql.setName(ps, 20, t.resolution());
    Sql.setText(ps, 21, t.resolvedBy());
    Sql.setText(ps, 22, t.note());
    Sql.setLongOrNull(ps, 23, t.state() == TaskState.RESOLVED ? t.updatedAtMs() : -1, -1);
  }

  static Task read(ResultSet rs) throws SQLException {
    return new Task(
        rs.getString("id"),
        rs.getString("dedupe_key"),
        FindingKind.valueOf(rs.getString("kind")),
        Severity.valueOf(rs.getString("severity")),
        TaskState.valueOf(rs.getString("state")),
        rs.getString("merchant"),
        rs.getString("terminal"),
        rs.getString("txn"),
        rs.getString("subject"),
        Sql.getLong(rs, "amount", -1),
        rs.getString("currency"),
        rs.getString("rrn"),
        rs.getString("pan"),
        rs.getString("related_txn"),
        rs.getString("detail"),
        rs.getString("action"),
        rs.getLong("due_at_ms"),
        rs.getLong("detected_at_ms"),
        rs.getLong("updated_at_ms"),
        Sql.getEnum(rs, "resolution", Resolution.class),
        rs.getString("resolved_by"),
        rs.getString("note"));
  }

  /** History stores the severity by enum name and hands it out in its wire form ("critical"). */
  static TaskHistoryEntry readHistory(ResultSet rs) throws SQLException {
    return new TaskHistoryEntry(
        rs.getLong("at_ms"),
        rs.getString("change"),
        TaskState.valueOf(rs.getString("state")),
        Severity.valueOf(rs.getString("severity")).label(),
        rs.getString("changed_by"),
        rs.getString("note"));
  }
}
