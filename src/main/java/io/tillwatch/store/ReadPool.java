package io.tillwatch.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The connections for the blocking read methods. Reads never touch the writer's connection: they
 * see the last committed state (SQLite's WAL readers, PostgreSQL's READ COMMITTED), each borrowing a
 * connection for the duration of one call. Every read is timed and reported under its fixed name.
 */
abstract class ReadPool implements AutoCloseable {
  @FunctionalInterface
  interface Read<T> {
    T apply(Connection c) throws SQLException;
  }

  private final Dialect dialect;
  private final StoreObserver observer;

  ReadPool(Dialect dialect, StoreObserver observer) {
    this.dialect = dialect;
    this.observer = observer == null ? StoreObserver.NONE : observer;
  }

  Dialect dialect() {
    return dialect;
  }

  /** Runs one read; a storage failure becomes a {@link StoreException} naming {@code what}. */
  <T> T read(String what, Read<T> read) {
    long start = System.nanoTime();
    boolean failed = true;
    try {
      Connection c = borrow();
      try {
        T result = read.apply(c);
        failed = false;
        return result;
      } finally {
        giveBack(c, failed);
      }
    } catch (SQLException e) {
      throw new StoreException(what + " failed: " + e.getMessage(), e);
    } finally {
      observer.read(what, System.nanoTime() - start, failed);
    }
  }

  /** A connection for one read; throws {@link StoreException} when none can be had in time. */
  abstract Connection borrow() throws SQLException;

  /** Returns the connection; {@code failed} when the read threw, so a broken one can be dropped. */
  abstract void giveBack(Connection c, boolean failed);

  @Override
  public abstract void close();
}
