package io.tillwatch.store;

import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens connections to the shared PostgreSQL store with the settings every connection needs.
 *
 * <p>The writer's session pins {@code synchronous_commit = on} whatever the server's default: the
 * ingest acknowledges a message only after its commit, and that promise means the commit is on the
 * server's disk. Each connection carries {@code application_name = tillwatch/<instance>}, which
 * names the instance in {@code pg_stat_activity} and tells the task-change notifications which
 * instance made a change.
 */
final class PostgresDatabase {
  /** A lost server shows as an error within this long instead of a hang (seconds). */
  static final int SOCKET_TIMEOUT_SECONDS = 60;
  static final int CONNECT_TIMEOUT_SECONDS = 5;

  private PostgresDatabase() {}

  static String applicationName(String instanceId) {
    return "tillwatch/" + instanceId;
  }

  static Properties properties(PostgresSettings pg, String instanceId) {
    Properties p = new Properties();
    if (pg.user() != null && !pg.user().isEmpty()) {
      p.setProperty("user", pg.user());
    }
    if (pg.password() != null) {
      p.setProperty("password", pg.password());
    }
    p.setProperty("sslmode", pg.sslMode());
    if (pg.sslRootCert() != null) {
      p.setProperty("sslrootcert", pg.sslRootCert().toString());
    }
    p.setProperty("ApplicationName", applicationName(instanceId));
    p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
    p.setProperty("tcpKeepAlive", "true");
    return p;
  }

  /** The writer's connection: autocommit (the writer issues BEGIN/COMMIT itself), durable commits. */
  static Connection openWriter(PostgresSettings pg, String instanceId) throws SQLException {
    Properties p = properties(pg, instanceId);
    // Deferred journal rows (WriteSession#addDeferred) reach the server as multi-row INSERTs.
    p.setProperty("reWriteBatchedInserts", "true");
    Connection c = DriverManager.getConnection(pg.url(), p);
    try (Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("SET synchronous_commit = on");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** The task-change feed's own connection: it only LISTENs and reads, each statement its own transaction. */
  static Connection openListener(PostgresSettings pg, String instanceId) throws SQLException {
    Connection c = DriverManager.getConnection(pg.url(), properties(pg, instanceId));
    c.setAutoCommit(true);
    return c;
  }

  /** The read pool's configuration: read-only connections, replaced by the pool when broken. */
  static HikariConfig readPool(PostgresSettings pg, String instanceId) {
    HikariConfig h = new HikariConfig();
    h.setPoolName("tillwatch-store-reads");
    h.setJdbcUrl(pg.url());
    h.setDataSourceProperties(properties(pg, instanceId));
    h.setMaximumPoolSize(pg.poolSize());
    h.setMinimumIdle(1);
    h.setReadOnly(true);
    h.setAutoCommit(true);
    h.setConnectionTimeout(10_000);
    // Start without a connection: the writer has already proven the server is there, and a pool
    // that fails fast would turn a server blip at start into a failed start.
    h.setInitializationFailTimeout(-1);
    return h;
  }
}
