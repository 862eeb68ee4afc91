package io.tillwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writer connection as seen by a {@link WriteOp}, with a cache of prepared statements: the
 * journal appends thousands of rows a second and must not re-parse its INSERT for each. Used only
 * on the writer thread, so the cache needs no locking.
 *
 * <p>Deferred rows ({@link #addDeferred}). On PostgreSQL every statement executed alone is a round
 * trip to the server, and a group commit of journal appends was one per row. A deferred row is
 * bound and added to its statement's JDBC batch instead; the batch goes to the server as one
 * exchange ({@code executeBatch}, as multi-row INSERTs) just before the session runs ANY other statement
 * ({@link #prepare}, {@link #connection}, which the writer's own SAVEPOINT and COMMIT go through
 * too). So statements still reach the server in the order ops issued them, a later op reads what an
 * earlier one wrote, and nothing deferred can be left out of a commit. A failure of a deferred row
 * surfaces at that flush, inside whichever statement triggered it, and fails the whole batch: only
 * ops that cannot reject alone (unguarded, one statement) may defer. On SQLite there is no round
 * trip to save, so a deferred row is executed at once, exactly as before.
 */
public final class WriteSession {
  /** Binds the parameters of one deferred row. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private final Dialect dialect;
  private Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  /** The statement holding deferred rows, or null when none are waiting. */
  private PreparedStatement deferred;

  WriteSession(Dialect dialect, Connection connection) {
    this.dialect = dialect;
    this.connection = connection;
  }

  /** Which database this is, for the few statements that differ ({@link Dialect}). */
  public Dialect dialect() {
    return dialect;
  }

  /** A new connection after the old one was lost; the statement cache belonged to the old one. */
  void replaceConnection(Connection fresh) {
    closeStatements();
    this.connection = fresh;
  }

  /** The connection, after the deferred rows were sent (so what the caller runs comes after them). */
  public Connection connection() throws SQLException {
    flushDeferred();
    return connection;
  }

  /**
   * The cached statement for this SQL, after the deferred rows were sent. Set every parameter;
   * close ResultSets, never the statement.
   */
  public PreparedStatement prepare(String sql) throws SQLException {
    flushDeferred();
    return cached(sql);
  }

  /**
   * Runs one row of {@code sql} (a single-row INSERT) now or, on PostgreSQL, with the rows deferred
   * after it: see the class comment. Consecutive rows of the same SQL travel together, and the
   * writer's connection rewrites them into multi-row INSERTs ({@code reWriteBatchedInserts}): so
   * never defer an upsert, whose {@code ON CONFLICT DO UPDATE} cannot touch one row twice in a statement.
   */
  public void addDeferred(String sql, Binder binder) throws SQLException {
    if (dialect == Dialect.SQLITE) {
      PreparedStatement ps = prepare(sql);
      binder.bind(ps);
      ps.executeUpdate();
      return;
    }
    PreparedStatement ps = cached(sql);
    if (deferred != null && deferred != ps) {
      flushDeferred();
    }
    binder.bind(ps);
    ps.addBatch();
    deferred = ps;
  }

  /** Sends the deferred rows, if any. A failure is the storage's: it fails the whole batch. */
  void flushDeferred() throws SQLException {
    PreparedStatement ps = deferred;
    if (ps != null) {
      deferred = null; // cleared first: after a failure the batch is rolled back, never re-sent
      ps.executeBatch();
    }
  }

  private PreparedStatement cached(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** Forgets the statements (and any deferred rows with them: the writer rolls their batch back). */
  void closeStatements() {
    deferred = null;
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    statements.clear();
  }
}
