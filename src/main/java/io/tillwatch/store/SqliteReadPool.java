package io.tillwatch.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fixed set of read connections to the SQLite file. A file does not go away under its readers,
 * so connections are opened once and kept (autocommit: one snapshot per statement).
 */
final class SqliteReadPool extends ReadPool {
  private static final long BORROW_TIMEOUT_SECONDS = 30;

  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();
  private volatile boolean closed;

  SqliteReadPool(Path file, int size, StoreObserver observer) throws SQLException {
    super(Dialect.SQLITE, observer);
    idle = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        Connection c = SqliteDatabase.openReader(file);
        all.add(c);
        idle.add(c);
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  @Override
  Connection borrow() {
    if (closed) {
      throw new StoreException("store is closed");
    }
    Connection c;
    try {
      c = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for a read connection", e);
    }
    if (c == null) {
      throw new StoreException("no read connection free after " + BORROW_TIMEOUT_SECONDS + " s");
    }
    return c;
  }

  @Override
  void giveBack(Connection c, boolean failed) {
    idle.add(c);
  }

  @Override
  public void close() {
    closed = true;
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing: nothing left to do with it
      }
    }
  }
}
