package io.tillwatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One row of {@code store_copy_progress} on the target: how far {@link StoreCopy} got with one
 * table of one source. It is written in the same transaction as the chunk it describes, so it
 * never says more or less than what is committed.
 *
 * <p>The table belongs to the copy, not to the schema: it is made by the first copy into a
 * database and means nothing to the daemon.
 *
 * @param lastId  APPEND tables: the last source id copied (0: none yet)
 * @param lastKey KEYED tables: the last key copied, its values joined by {@link StoreCopy}; null
 *                before the first chunk
 * @param done    KEYED tables: the last pass read the table to its end
 */
record StoreCopyProgress(long lastId, String lastKey, boolean done) {
  private static final String CREATE = "CREATE TABLE IF NOT EXISTS store_copy_progress ("
      + "source TEXT NOT NULL, table_name TEXT NOT NULL, last_id BIGINT NOT NULL DEFAULT 0, last_key TEXT, "
      + "done BOOLEAN NOT NULL DEFAULT FALSE, rows_written BIGINT NOT NULL DEFAULT 0, updated_ms BIGINT NOT NULL, "
      + "PRIMARY KEY (source, table_name))";
  private static final String SAVE = "INSERT INTO store_copy_progress "
      + "(source, table_name, last_id, last_key, done, rows_written, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
      + "ON CONFLICT (source, table_name) DO UPDATE SET last_id = EXCLUDED.last_id, last_key = EXCLUDED.last_key, "
      + "done = EXCLUDED.done, rows_written = store_copy_progress.rows_written + EXCLUDED.rows_written, "
      + "updated_ms = EXCLUDED.updated_ms";

  /**
   * Takes this source's copy lock for the life of {@code c} (autocommit), then makes the table
   * when missing. Two copies of one source at once would each copy the journal once: the second
   * is refused instead.
   */
  static void prepare(Connection c, String source) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(hashtext('tillwatch-store-copy'), hashtext(?))")) {
      ps.setString(1, source);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          throw new StoreException("another store copy of the same source is running against this database; wait for it");
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute(CREATE);
    }
  }

  /** Reads the row (none yet: nothing copied) and ends the read's transaction. */
  static StoreCopyProgress load(Connection c, String source, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT last_id, last_key, done FROM store_copy_progress WHERE source = ? AND table_name = ?")) {
      ps.setString(1, source);
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        StoreCopyProgress p = rs.next() ? new StoreCopyProgress(rs.getLong(1), rs.getString(2), rs.getBoolean(3))
            : new StoreCopyProgress(0, null, false);
        c.commit();
        return p;
      }
    }
  }

  /** Writes the row inside the caller's chunk transaction; {@code written} adds to the table's total. */
  static void save(Connection c, String source, String table, long lastId, String lastKey, boolean done, long written)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(SAVE)) {
      ps.setString(1, source);
      ps.setString(2, table);
      ps.setLong(3, lastId);
      Sql.setText(ps, 4, lastKey);
      ps.setBoolean(5, done);
      ps.setLong(6, written);
      ps.setLong(7, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }
}
