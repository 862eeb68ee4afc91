package io.tillwatch.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens connections to {@code <dataDir>/tillwatch.db} with the settings every connection needs.
 *
 * <p>The database runs in WAL mode: one writer (the {@link GroupCommitWriter}'s connection) and any
 * number of readers at the same time, readers seeing the last committed state. {@code busy_timeout}
 * covers the rare moments a reader must wait (WAL recovery, a checkpoint restart) and an outside
 * tool (sqlite3 shell) holding the write lock.
 */
public final class SqliteDatabase {
  public static final String FILE_NAME = "tillwatch.db";
  static final int BUSY_TIMEOUT_MS = 5_000;

  private SqliteDatabase() {}

  public static Path file(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  /** Creates the data directory when missing and returns the database file. */
  static Path prepare(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new StoreException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
    }
    return file(dataDir);
  }

  /** The single write connection: WAL, the configured synchronous mode, foreign keys on. */
  static Connection openWriter(Path file, StoreSettings.Synchronous synchronous) throws SQLException {
    Connection c = DriverManager.getConnection(url(file));
    try (Statement s = c.createStatement()) {
      // journal_mode is persistent in the file, but setting it every time is cheap and self-healing.
      s.execute("PRAGMA journal_mode = WAL");
      s.execute("PRAGMA synchronous = " + synchronous.name());
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      s.execute("PRAGMA foreign_keys = ON");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** A read connection: query_only so a bug cannot write around the writer thread. */
  static Connection openReader(Path file) throws SQLException {
    Connection c = DriverManager.getConnection(url(file));
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      s.execute("PRAGMA query_only = ON");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static String url(Path file) {
    return "jdbc:sqlite:" + file.toAbsolutePath();
  }
}
