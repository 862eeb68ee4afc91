package io.tillwatch.store;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link CommandStore} on SQLite. Every write and load is one {@link WriteOp} on the single writer
 * thread (like {@link SqlTaskRepository}), so a load sees every write queued before it and a
 * compare-and-set checks the row inside the transaction that writes it.
 */
public final class SqlCommandStore implements CommandStore {
  private final GroupCommitWriter writer;
  private final ReadPool reads;

  SqlCommandStore(GroupCommitWriter writer, ReadPool reads) {
    this.writer = writer;
    this.reads = reads;
  }

  @Override
  public CompletableFuture<Command> insertIfAbsent(Command command) {
    Objects.requireNonNull(command, "command");
    return writer.submit(s -> {
      Command existing = load(s, CommandRows.BY_KEY, command.idempotencyKey());
      if (existing != null) {
        return existing;
      }
      PreparedStatement ps = s.prepare(CommandRows.INSERT);
      CommandRows.bindInsert(ps, command);
      ps.executeUpdate();
      return command;
    });
  }

  @Override
  public CompletableFuture<Boolean> compareAndSet(Command from, Command to) {
    return writer.submit(s -> {
      PreparedStatement ps = s.prepare(CommandRows.COMPARE_AND_SET);
      CommandRows.bindCompareAndSet(ps, from, to);
      return ps.executeUpdate() == 1;
    });
  }

  @Override
  public CompletableFuture<Optional<Command>> load(String id) {
    return writer.submit(s -> Optional.ofNullable(load(s, CommandRows.BY_ID, id)));
  }

  @Override
  public List<Command> open() {
    return reads.read("open commands", c -> {
      List<Command> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(CommandRows.OPEN); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(CommandRows.read(rs));
        }
      }
      return out;
    });
  }

  private static Command load(WriteSession s, String sql, String key) throws SQLException {
    PreparedStatement ps = s.prepare(sql);
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? CommandRows.read(rs) : null;
    }
  }
}
