package io.tillwatch.store;

import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskPlace;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a new task is given from the store's own tables before it is inserted: the sale's time by the
 * terminal's clock and the terminal's store and region. Read on the writer's session, so they see
 * every event and heartbeat written before the task (a sale's events are journaled before the
 * engine can raise a finding about it).
 */
final class TaskContextRows {
  private TaskContextRows() {}

  /** The first STARTED of the sale, else its first AUTHORIZED (false sorts before true). */
  private static final String SALE_AT = "SELECT at_ms FROM events WHERE merchant = ? AND terminal = ? AND txn = ? "
      + "AND event IN ('STARTED', 'AUTHORIZED') ORDER BY event = 'AUTHORIZED', id LIMIT 1";
  private static final String PLACE = "SELECT store, region FROM terminals WHERE merchant = ? AND terminal = ?";

  static Task fill(WriteSession s, Task task) throws SQLException {
    String merchant = task.key().merchant();
    String terminal = task.key().terminal();
    long saleAtMs = -1;
    if (task.sale().txn() != null) {
      PreparedStatement ps = s.prepare(SALE_AT);
      ps.setString(1, merchant);
      ps.setString(2, terminal);
      ps.setString(3, task.sale().txn());
      try (ResultSet rs = ps.executeQuery()) {
        saleAtMs = rs.next() ? rs.getLong(1) : -1;
      }
    }
    TaskPlace place = TaskPlace.UNKNOWN;
    PreparedStatement ps = s.prepare(PLACE);
    ps.setString(1, merchant);
    ps.setString(2, terminal);
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        place = new TaskPlace(rs.getString(1), rs.getString(2));
      }
    }
    return task.withContext(saleAtMs, place);
  }
}
