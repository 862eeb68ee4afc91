package io.tillwatch.store;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.FollowUp;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskFinding;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskPlace;
import io.tillwatch.tasks.TaskResolution;
import io.tillwatch.tasks.TaskSale;
import io.tillwatch.tasks.TaskState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Mapping of {@link Task} and {@link TaskHistoryEntry} to and from their tables. */
final class TaskRows {
  private TaskRows() {}

  static final String COLUMNS = "id, dedupe_key, kind, severity, state, merchant, terminal, txn, subject, amount, "
      + "currency, rrn, pan, related_txn, detail, action, due_at_ms, detected_at_ms, updated_at_ms, resolution, "
      + "resolved_by, note, resolved_at_ms, revision, followup_state, followup_back_office, followup_verdict, "
      + "followup_reference, followup_checked_at_ms, followup_attempts, followup_next_check_at_ms, followup_next_step, "
      + "followup_command_id, followup_action, sale_at_ms, store, region";

  static final String INSERT = "INSERT INTO tasks (" + COLUMNS + ") "
      + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      // Another instance on a shared store may have opened the same finding's task a moment ago:
      // the unique dedupe key decides, and the loser inserts nothing (no error, no failed batch).
      + "ON CONFLICT (dedupe_key) DO NOTHING";

  static final String BY_ID = "SELECT " + COLUMNS + " FROM tasks WHERE id = ?";
  static final String BY_DEDUPE_KEY = "SELECT " + COLUMNS + " FROM tasks WHERE dedupe_key = ?";

  /** The columns a lifecycle step may change, written only if the row still has the revision it was read with. */
  static final String COMPARE_AND_SET = "UPDATE tasks SET severity = ?, state = ?, updated_at_ms = ?, resolution = ?, "
      + "resolved_by = ?, note = ?, resolved_at_ms = ?, revision = ?, followup_state = ?, followup_back_office = ?, "
      + "followup_verdict = ?, followup_reference = ?, followup_checked_at_ms = ?, followup_attempts = ?, "
      + "followup_next_check_at_ms = ?, followup_next_step = ?, followup_command_id = ?, followup_action = ? "
      + "WHERE id = ? AND revision = ?";

  static final String INSERT_HISTORY = "INSERT INTO task_history (task_id, at_ms, change, state, severity, changed_by, "
      + "note) VALUES (?, ?, ?, ?, ?, ?, ?)";

  static void bindInsert(PreparedStatement ps, Task t) throws SQLException {
    FindingKey key = t.key();
    TaskSale sale = t.sale();
    ps.setString(1, t.id());
    ps.setString(2, t.dedupeKey());
    ps.setString(3, key.kind().name());
    ps.setString(4, t.severity().name());
    ps.setString(5, t.state().name());
    ps.setString(6, key.merchant());
    ps.setString(7, key.terminal());
    Sql.setText(ps, 8, sale.txn());
    Sql.setText(ps, 9, key.subject());
    Sql.setLongOrNull(ps, 10, sale.amount(), -1);
    Sql.setText(ps, 11, sale.currency());
    Sql.setText(ps, 12, sale.rrn());
    Sql.setText(ps, 13, sale.pan());
    Sql.setText(ps, 14, sale.relatedTxn());
    Sql.setText(ps, 15, t.finding().detail());
    Sql.setText(ps, 16, t.finding().action());
    ps.setLong(17, t.finding().dueAtMs());
    ps.setLong(18, t.detectedAtMs());
    ps.setLong(19, t.updatedAtMs());
    bindResolution(ps, 20, t.resolution());
    ps.setLong(24, t.revision());
    bindFollowUp(ps, 25, t.followUp());
    ps.setLong(35, sale.atMs());
    Sql.setText(ps, 36, t.finding().place().store());
    Sql.setText(ps, 37, t.finding().place().region());
  }

  /** Binds {@link #COMPARE_AND_SET}: {@code to}'s changeable columns where the row is still {@code from}. */
  static void bindCompareAndSet(PreparedStatement ps, Task from, Task to) throws SQLException {
    ps.setString(1, to.severity().name());
    ps.setString(2, to.state().name());
    ps.setLong(3, to.updatedAtMs());
    bindResolution(ps, 4, to.resolution());
    ps.setLong(8, to.revision());
    bindFollowUp(ps, 9, to.followUp());
    ps.setString(19, from.id());
    ps.setLong(20, from.revision());
  }

  /** The ten followup_ columns from index {@code i} on. */
  private static void bindFollowUp(PreparedStatement ps, int i, FollowUp f) throws SQLException {
    ps.setString(i, f.state().name());
    Sql.setText(ps, i + 1, f.backOffice());
    Sql.setText(ps, i + 2, f.verdict());
    Sql.setText(ps, i + 3, f.reference());
    ps.setLong(i + 4, f.checkedAtMs());
    ps.setInt(i + 5, f.attempts());
    ps.setLong(i + 6, f.nextCheckAtMs());
    ps.setString(i + 7, f.nextStep().name());
    Sql.setText(ps, i + 8, f.commandId());
    Sql.setText(ps, i + 9, f.action());
  }

  private static FollowUp readFollowUp(ResultSet rs) throws SQLException {
    return new FollowUp(FollowUp.State.valueOf(rs.getString("followup_state")), rs.getString("followup_back_office"),
        rs.getString("followup_verdict"), rs.getString("followup_reference"), rs.getLong("followup_checked_at_ms"),
        rs.getInt("followup_attempts"), rs.getLong("followup_next_check_at_ms"),
        NextStep.valueOf(rs.getString("followup_next_step")), rs.getString("followup_command_id"),
        rs.getString("followup_action"));
  }

  /** resolution, resolved_by, note, resolved_at_ms from index {@code i} on; all NULL while unresolved. */
  private static void bindResolution(PreparedStatement ps, int i, TaskResolution r) throws SQLException {
    Sql.setName(ps, i, r == null ? null : r.how());
    Sql.setText(ps, i + 1, r == null ? null : r.by());
    Sql.setText(ps, i + 2, r == null ? null : r.note());
    Sql.setLongOrNull(ps, i + 3, r == null ? -1 : r.atMs(), -1);
  }

  static Task read(ResultSet rs) throws SQLException {
    FindingKey key = new FindingKey(FindingKind.valueOf(rs.getString("kind")), rs.getString("merchant"),
        rs.getString("terminal"), rs.getString("subject"));
    TaskFinding finding = new TaskFinding(key, rs.getString("detail"), rs.getString("action"), rs.getLong("due_at_ms"),
        new TaskPlace(rs.getString("store"), rs.getString("region")));
    TaskSale sale = new TaskSale(rs.getString("txn"), Sql.getLong(rs, "amount", -1), rs.getString("currency"),
        rs.getString("rrn"), rs.getString("pan"), rs.getString("related_txn"), rs.getLong("sale_at_ms"));
    Resolution how = Sql.getEnum(rs, "resolution", Resolution.class);
    TaskResolution resolution = how == null ? null
        : new TaskResolution(how, rs.getString("resolved_by"), rs.getString("note"), Sql.getLong(rs, "resolved_at_ms", -1));
    return new Task(rs.getString("id"), finding, sale, Severity.valueOf(rs.getString("severity")),
        TaskState.valueOf(rs.getString("state")), rs.getLong("detected_at_ms"), rs.getLong("updated_at_ms"), resolution,
        readFollowUp(rs), rs.getLong("revision"));
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
