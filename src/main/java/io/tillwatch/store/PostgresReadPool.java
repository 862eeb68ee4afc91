package io.tillwatch.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Read connections to PostgreSQL from HikariCP, which tests and replaces connections that a server
 * restart broke, and reports the pool ({@code hikaricp_connections_*}) when given a registry.
 */
final class PostgresReadPool extends ReadPool {
  private final HikariDataSource pool;

  PostgresReadPool(PostgresSettings pg, String instanceId, StoreObserver observer, MeterRegistry registry) {
    super(Dialect.POSTGRES, observer);
    var config = PostgresDatabase.readPool(pg, instanceId);
    if (registry != null) {
      config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
    }
    this.pool = new HikariDataSource(config);
  }

  @Override
  Connection borrow() throws SQLException {
    if (pool.isClosed()) {
      throw new StoreException("store is closed");
    }
    return pool.getConnection();
  }

  @Override
  void giveBack(Connection c, boolean failed) {
    try {
      c.close(); // back to the pool, which evicts it if the failure broke it
    } catch (SQLException ignored) {
      // the pool has already dropped it
    }
  }

  @Override
  public void close() {
    pool.close();
  }
}
