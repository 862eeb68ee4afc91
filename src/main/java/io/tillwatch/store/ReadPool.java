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
 * A fixed set of read connections for the blocking read methods. Reads never touch the writer's
 * connection: in WAL mode they run beside the writer and see the last committed state. Each read
 * borrows a connection for the duration of one call (autocommit, so one snapshot per statement).
 */
final class ReadPool implements AutoCloseable {
  @FunctionalInterface
  interface Read<T> {
    T apply(Connection c) throws SQLException;
  }

  private static final long BORROW_TIMEOUT_SECONDS = 30;

  private final BlockingQueue<Connection> idle;
  private final List<Connection> all = new ArrayList<>();
  private volatile boolean closed;

  ReadPool(Path file, int size) throws SQLException {
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

  <T> T read(String what, Read<T> read) {
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
    try {
      return read.apply(c);
    } catch (SQLException e) {
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    } finally {
      idle.add(c);
    }
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
