package io.tillwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema to the latest version this code knows, at start, before any other access.
 *
 * <p>{@code schema_version} holds one row per applied migration. All pending migrations run in one
 * transaction together with their version rows (both databases have transactional DDL), so a failed
 * upgrade leaves the database exactly as it was. On PostgreSQL several instances may start at once:
 * a transaction-scoped advisory lock makes them migrate one after the other, and the later ones find
 * nothing left to do. A database whose version is above the latest known one was written by a newer
 * TillWatch: this code refuses it rather than guess at a schema it does not know.
 */
final class SchemaMigrator {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  private SchemaMigrator() {}

  /** Returns the schema version after migration. */
  /** Any fixed number, the same in every TillWatch: the advisory lock that serialises migrations. */
  private static final long MIGRATION_LOCK = 0x5449_4C4CL; // "TILL"

  static int migrate(Connection c, Dialect dialect, List<Migration> migrations, long nowMs) throws SQLException {
    int latest = Migration.latest(migrations);
    try (Statement s = c.createStatement()) {
      s.execute(dialect.begin());
      try {
        if (dialect == Dialect.POSTGRES) {
          s.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
        }
        s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
            + "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_ms BIGINT NOT NULL)");
        int current = currentVersion(c);
        if (current > latest) {
          throw new StoreException("database schema version " + current + " is newer than this TillWatch supports ("
              + latest + "); it was written by a newer release. Run that release or point TillWatch at another data "
              + "directory.");
        }
        for (Migration m : migrations) {
          if (m.version() <= current) {
            continue;
          }
          log.info("applying schema migration V{} ({})", m.version(), m.description());
          for (String sql : m.statements()) {
            s.execute(sql);
          }
          try (PreparedStatement ps = c.prepareStatement(
              "INSERT INTO schema_version (version, description, applied_ms) VALUES (?, ?, ?)")) {
            ps.setInt(1, m.version());
            ps.setString(2, m.description());
            ps.setLong(3, nowMs);
            ps.executeUpdate();
          }
        }
        s.execute("COMMIT");
        return Math.max(current, latest);
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    }
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
