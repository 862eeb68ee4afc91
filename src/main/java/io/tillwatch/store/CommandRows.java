package io.tillwatch.store;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandState;
import io.tillwatch.commands.CommandType;
import io.tillwatch.commands.SaleDetails;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** The {@code commands} table's SQL and row mapping. */
final class CommandRows {
  static final String COLUMNS = "id, idempotency_key, type, merchant, terminal, txn, task_id, amount, currency, method, rrn, "
      + "auth_code, pan, ref, sale_at_ms, back_office_ref, issued_ms, expires_ms, state, updated_ms, delivered_ms, "
      + "answered_ms, reason";
  static final String INSERT = "INSERT INTO commands (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      + "?, ?, ?, ?, ?, ?, ?)";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM commands WHERE id = ?";
  static final String BY_KEY = "SELECT " + COLUMNS + " FROM commands WHERE idempotency_key = ?";
  static final String OPEN = "SELECT " + COLUMNS + " FROM commands WHERE state IN ('PENDING', 'DELIVERED') ORDER BY id";
  static final String COMPARE_AND_SET = "UPDATE commands SET state = ?, updated_ms = ?, delivered_ms = ?, answered_ms = ?, "
      + "reason = ? WHERE id = ? AND state = ?";

  private CommandRows() {}

  static void bindInsert(PreparedStatement ps, Command c) throws SQLException {
    SaleDetails s = c.sale();
    ps.setString(1, c.id());
    ps.setString(2, c.idempotencyKey());
    ps.setString(3, c.type().name());
    ps.setString(4, c.merchant());
    ps.setString(5, c.terminal());
    ps.setString(6, c.txn());
    Sql.setText(ps, 7, c.taskId());
    setLong(ps, 8, s.amount());
    Sql.setText(ps, 9, s.currency());
    Sql.setText(ps, 10, s.method());
    Sql.setText(ps, 11, s.rrn());
    Sql.setText(ps, 12, s.authCode());
    Sql.setText(ps, 13, s.pan());
    Sql.setText(ps, 14, s.ref());
    setLong(ps, 15, s.atMs());
    Sql.setText(ps, 16, s.backOfficeRef());
    ps.setLong(17, c.issuedAtMs());
    ps.setLong(18, c.expiresAtMs());
    ps.setString(19, c.state().name());
    ps.setLong(20, c.updatedAtMs());
    Sql.setLongOrNull(ps, 21, c.deliveredAtMs(), -1);
    Sql.setLongOrNull(ps, 22, c.answeredAtMs(), -1);
    Sql.setText(ps, 23, c.reason());
  }

  static void bindCompareAndSet(PreparedStatement ps, Command from, Command to) throws SQLException {
    ps.setString(1, to.state().name());
    ps.setLong(2, to.updatedAtMs());
    Sql.setLongOrNull(ps, 3, to.deliveredAtMs(), -1);
    Sql.setLongOrNull(ps, 4, to.answeredAtMs(), -1);
    Sql.setText(ps, 5, to.reason());
    ps.setString(6, from.id());
    ps.setString(7, from.state().name());
  }

  static Command read(ResultSet rs) throws SQLException {
    SaleDetails sale = new SaleDetails(getLong(rs, "amount"), rs.getString("currency"), rs.getString("method"),
        rs.getString("rrn"), rs.getString("auth_code"), rs.getString("pan"), rs.getString("ref"), getLong(rs, "sale_at_ms"),
        rs.getString("back_office_ref"));
    return new Command(rs.getString("id"), rs.getString("idempotency_key"), Sql.getEnum(rs, "type", CommandType.class),
        rs.getString("merchant"), rs.getString("terminal"), rs.getString("txn"), rs.getString("task_id"), sale,
        rs.getLong("issued_ms"), rs.getLong("expires_ms"), Sql.getEnum(rs, "state", CommandState.class),
        rs.getLong("updated_ms"), Sql.getLong(rs, "delivered_ms", -1), Sql.getLong(rs, "answered_ms", -1),
        rs.getString("reason"));
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.INTEGER);
    } else {
      ps.setLong(i, v);
    }
  }

  private static Long getLong(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }
}
