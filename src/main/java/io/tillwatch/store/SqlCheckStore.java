package io.tillwatch.store;

import io.tillwatch.backoffice.CheckStore;
import io.tillwatch.backoffice.PendingCheck;
import io.tillwatch.engine.FindingKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** {@link CheckStore} on SQLite or PostgreSQL: writes go through the one writer, committing with the task changes around them. */
public final class SqlCheckStore implements CheckStore {
  private static final String INSERT = "INSERT INTO backoffice_checks (task_id, kind, merchant, terminal, txn, "
      + "related_txn, back_office, attempts, due_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING";
  /** The step's write, only over the attempt it follows: of two instances sending the same look-up, one matches. */
  private static final String CLAIM =
      "UPDATE backoffice_checks SET attempts = ?, due_at_ms = ? WHERE task_id = ? AND attempts = ?";
  private static final String DELETE = "DELETE FROM backoffice_checks WHERE task_id = ?";
  private static final String SELECT = "SELECT task_id, kind, merchant, terminal, txn, related_txn, back_office, attempts, "
      + "due_at_ms FROM backoffice_checks";
  private static final String ONE = SELECT + " WHERE task_id = ?";
  private static final String ALL = SELECT + " ORDER BY due_at_ms, task_id";

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

  /**
   * On PostgreSQL a concurrent claim of the same step waits for the first one's commit, then finds
   * the attempts changed and updates nothing; the loser's read that follows (a new snapshot under
   * READ COMMITTED) sees the winner's row.
   */
  @Override
  public CompletableFuture<Claim> claim(PendingCheck started) {
    return writer.submit(s -> {
      PreparedStatement ps = s.prepare(CLAIM);
      ps.setInt(1, started.attempts());
      ps.setLong(2, started.dueAtMs());
      ps.setString(3, started.taskId());
      ps.setInt(4, started.attempts() - 1);
      if (ps.executeUpdate() == 1) {
        return Claim.won(started);
      }
      PreparedStatement one = s.prepare(ONE);
      one.setString(1, started.taskId());
      try (ResultSet rs = one.executeQuery()) {
        return Claim.lost(rs.next() ? Optional.of(read(rs)) : Optional.empty());
      }
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
          out.add(read(rs));
        }
      }
      return out;
    });
  }

  private static PendingCheck read(ResultSet rs) throws SQLException {
    return new PendingCheck(rs.getString("task_id"), FindingKind.valueOf(rs.getString("kind")), rs.getString("merchant"),
        rs.getString("terminal"), rs.getString("txn"), rs.getString("related_txn"), rs.getString("back_office"),
        rs.getInt("attempts"), rs.getLong("due_at_ms"));
  }
}
