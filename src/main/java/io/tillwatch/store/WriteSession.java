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
 */
public final class WriteSession {
  private final Dialect dialect;
  private Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

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

  public Connection connection() {
    return connection;
  }

  /** The cached statement for this SQL. Set every parameter; close ResultSets, never the statement. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = connection.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  void closeStatements() {
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
