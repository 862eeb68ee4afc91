package io.tillwatch.store;

import java.sql.SQLException;

/**
 * The few places where the SQL of the two databases differs. Everything else the store writes is
 * the common subset ({@code INSERT ... ON CONFLICT}, row values, partial indexes), so one class per
 * port serves both databases.
 */
public enum Dialect {
  /** The embedded default: one file, one writer thread, WAL readers beside it. */
  SQLITE("sqlite", "BEGIN IMMEDIATE"),
  /** The shared store of several instances. */
  POSTGRES("postgres", "BEGIN");

  private final String folder;
  private final String begin;

  Dialect(String folder, String begin) {
    this.folder = folder;
    this.begin = begin;
  }

  /**
   * Opens the writer's transaction. SQLite's IMMEDIATE takes the write lock at once, so a batch
   * never fails half-way on a lock; PostgreSQL locks row by row and needs nothing more.
   */
  String begin() {
    return begin;
  }

  /** Folder of this database's migration scripts under {@code db/migration/}. */
  String migrationFolder() {
    return "db/migration/" + folder;
  }

  /** SQL that is true when {@code column} contains the bound parameter, ignoring case. */
  String containsIgnoringCase(String column) {
    return this == SQLITE ? "instr(lower(" + column + "), lower(?)) > 0" : "strpos(lower(" + column + "), lower(?)) > 0";
  }

  /**
   * True when the batch failed only because it lost a race with another writer (PostgreSQL's
   * deadlock and serialization failures): running the same batch again is safe and will succeed.
   * SQLite has a single writer and never reports these.
   */
  boolean isRetryableConflict(SQLException e) {
    String state = e.getSQLState();
    return this == POSTGRES && ("40001".equals(state) || "40P01".equals(state));
  }

  /**
   * True when the failure says the connection itself is gone (server restarted, network cut):
   * the writer opens a new one before the next batch. SQLState class 08 is "connection exception";
   * 57P01..57P03 are the server shutting down or not yet accepting connections.
   */
  boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return this == POSTGRES && state != null && (state.startsWith("08") || state.startsWith("57P"));
  }
}
