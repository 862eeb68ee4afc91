package io.tillwatch.harness;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The journal table of the daemon's store (SQLite file or PostgreSQL database). */
final class JournalEvents implements StoredEvents {
  private final String jdbcUrl;

  JournalEvents(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  @Override
  public List<Row> read() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(jdbcUrl); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT terminal, seq, txn, event FROM events")) {
      while (rs.next()) {
        rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
      }
    }
    return rows;
  }

  @Override
  public String name() {
    return "journal";
  }
}
