package io.tillwatch.store;

import io.tillwatch.telemetry.TxnEvent;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Benchmark-only window onto the store's package-private pieces, so the bare-JDBC peer of the
 * journal benchmark opens its connection with exactly the daemon's PRAGMAs
 * ({@link SqliteDatabase#openWriter}) and binds rows with exactly the journal's SQL and binding
 * ({@link EventRows}). The only thing left different is the writer machinery under test.
 */
public final class BenchStore {
  public static final String INSERT_EVENT = EventRows.INSERT_EVENT;

  private BenchStore() {}

  public static Connection openWriter(Path dataDir, StoreSettings.Synchronous sync) throws SQLException {
    return SqliteDatabase.openWriter(SqliteDatabase.file(dataDir), sync);
  }

  public static void bindEvent(PreparedStatement ps, TxnEvent e, long receivedAtMs) throws SQLException {
    EventRows.bindEvent(ps, e, receivedAtMs);
  }
}
