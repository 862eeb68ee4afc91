package io.tillwatch.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for an unreachable PostgreSQL at start instead of failing: a database that comes up a
 * minute after TillWatch (a host reboot, a failover) must not turn into a crash loop. Each failed
 * attempt logs one line that says what is wrong and which setting points there; the pause between
 * attempts doubles up to 30 s. A refusal that waiting cannot fix (bad password, unknown database)
 * ends the wait at once.
 */
final class StartupWait {
  private static final Logger log = LoggerFactory.getLogger(StartupWait.class);
  private static final long FIRST_PAUSE_MS = 1_000;
  private static final long MAX_PAUSE_MS = 30_000;

  private StartupWait() {}

  /** {@code wait} zero: for ever. */
  static Connection open(ConnectionSource source, Duration wait, String url) throws SQLException {
    long deadline = wait.isZero() ? Long.MAX_VALUE : System.nanoTime() + wait.toNanos();
    long pause = FIRST_PAUSE_MS;
    for (int attempt = 1; ; attempt++) {
      try {
        Connection c = source.open();
        if (attempt > 1) {
          log.info("PostgreSQL at {} is reachable now (attempt {})", url, attempt);
        }
        return c;
      } catch (SQLException e) {
        if (!waitingHelps(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
          throw new StoreException("cannot open the PostgreSQL store at " + url + " (store.url): " + e.getMessage()
              + hint(e), e);
        }
        log.error("PostgreSQL at {} (store.url) is not reachable: {}; trying again in {} s (attempt {})", url,
            reason(e), pause / 1000, attempt);
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while waiting for PostgreSQL at " + url, ie);
        }
        pause = Math.min(MAX_PAUSE_MS, pause * 2);
      }
    }
  }

  /**
   * What the writer takes for a lost connection ({@link Dialect#isConnectionLost}: class 08, a
   * server starting or stopping) may clear by itself, and so may a failure with no SQLState; a
   * wrong password (28P01), role or database (3D000) will not, and neither will a server
   * certificate that fails verification (reported as a connection failure, so the cause decides).
   */
  static boolean waitingHelps(SQLException e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException) {
        return false;
      }
    }
    return e.getSQLState() == null || Dialect.POSTGRES.isConnectionLost(e);
  }

  /** The driver's message without its closing full stop, which would end our sentence half-way. */
  private static String reason(SQLException e) {
    String m = String.valueOf(e.getMessage()).strip();
    return m.endsWith(".") ? m.substring(0, m.length() - 1) : m;
  }

  private static String hint(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return "";
    }
    return switch (state) {
      case "28P01", "28000" -> " (check store.user and store.password-file)";
      case "3D000" -> " (the database in store.url does not exist: create it first, see docs/scaling.md)";
      case "08006" -> waitingHelps(e) ? "" : " (check store.tls and store.tls.ca-file: the server's certificate was not accepted)";
      default -> "";
    };
  }
}
