package io.tillwatch.store;

import io.tillwatch.telemetry.TxnEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Benchmark-only window onto the journal's row mapping (package-private here), so the store
 * benchmark's per-row peer runs exactly the journal's INSERT and binding.
 */
public final class BenchRows {
  public static final String INSERT_EVENT = EventRows.INSERT_EVENT;

  private BenchRows() {}

  public static void bindEvent(PreparedStatement ps, TxnEvent e, long receivedAtMs) throws SQLException {
    EventRows.bindEvent(ps, e, receivedAtMs);
  }
}
