package io.tillwatch.store;

import io.tillwatch.backoffice.CheckStore;
import io.tillwatch.backoffice.PendingCheck;
import io.tillwatch.engine.FindingKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link CheckStore} on SQLite: writes through the one writer, so they commit with the task changes around them. */
public final class SqlCheckStore implements CheckStore {
  private static final String INSERT = "INSERT INTO backoffice_checks (task_id, kind, merchant, terminal, txn, "
      + "related_txn, back_office, attempts, due_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING";
  private static final String UPDATE = "UPDATE backoffice_checks SET attempts = ?, due_at_ms = ? WHERE task_id = ?";
  private static final String DELETE = "DELETE FROM backoffice_checks WHERE task_id = ?";
  private static final String ALL = "SELECT task_id, kind, merchant, terminal, txn, related_txn, back_office, attempts, "
      + "due_at_ms FROM backoffice_checks ORDER BY due_at_ms, task_id";

  private final GroupCommitWriter writer;
  private final ReadPool reads;

  SqlCheckStore(GroupCommitWriter writer, ReadPool reads) {
    this.writer = writer;
    this.reads = reads;
  }

  @Override
  public CompletableFuture<Boolean> insertIfAbsent(PendingCheck c) {
    return writer.submit(s -> {
      PreparedStatement ps = s.prepare(INSERT);
      ps.setString(1, c.taskId());
      ps.setString(2, c.kind().name());
      ps.setString(3, c.merchant());
      ps.setString(4, c.terminal());
      Sql.setText(ps, 5, c.txn());
      Sql.setText(ps, 6, c.relatedTxn());
      ps.setString(7, c.backOffice());
      ps.setInt(8, c.attempts());
      ps.setLong(9, c.dueAtMs());
      return ps.executeUpdate() == 1;
    });
  }

  @Override
  public CompletableFuture<Void> update(PendingCheck c) {
    return writer.submit(s -> {
      PreparedStatement ps = s.prepare(UPDATE);
      ps.setInt(1, c.attempts());
      ps.setLong(2, c.dueAtMs());
      ps.setString(3, c.taskId());
      ps.executeUpdate();
      return null;
    });
  }

  @Override
  public CompletableFuture<Void> remove(String taskId) {
    return writer.submit(s -> {
      PreparedStatement ps = s.prepare(DELETE);
      ps.setString(1, taskId);
      ps.executeUpdate();
      return null;
    });
  }

  @Override
  public List<PendingCheck> all() {
    return reads.read("pending back-office checks", c -> {
      List<PendingCheck> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(ALL); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new PendingCheck(rs.getString("task_id"), FindingKind.valueOf(rs.getString("kind")),
              rs.getString("merchant"), rs.getString("terminal"), rs.getString("txn"), rs.getString("related_txn"),
              rs.getString("back_office"), rs.getInt("attempts"), rs.getLong("due_at_ms")));
        }
      }
      return out;
    });
  }
}
