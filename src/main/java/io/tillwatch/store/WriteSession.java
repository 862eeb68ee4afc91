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
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  WriteSession(Connection connection) {
    this.connection = connection;
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
