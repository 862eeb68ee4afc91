package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.testsupport.PostgresServer;
import io.tillwatch.tls.TestPki;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store.tls against a real server with TLS on: verify-full with the right CA connects (and the
 * connection really is encrypted); a server whose certificate the CA did not sign is refused at
 * once, with a message that points at the TLS settings, instead of being waited for.
 */
class PostgresTlsTest {
  @TempDir static Path pki;
  static PostgresServer server;
  static TestPki trusted;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    trusted = TestPki.create(pki.resolve("ca"), "pg-ca");
    TestPki.Issued cert = trusted.server("postgres");
    server = PostgresServer.start(false);
    server.enableTls(cert.certFile(), cert.keyFile());
    url = server.newDatabase();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void verifyFullWithTheServersCaConnectsOverTls(@TempDir Path dir) throws Exception {
    PostgresSettings pg = settings("verify-full", trusted.caFile);
    try (SqlStore store = SqlStore.open(StoreSettings.defaults(dir).withPostgres(pg), StoreObserver.NONE)) {
      assertEquals(Dialect.POSTGRES, store.dialect());
    }
    try (Connection c = DriverManager.getConnection(url, PostgresDatabase.properties(pg, "tls-test"));
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertTrue(rs.next() && rs.getBoolean(1), "the connection is encrypted");
    }
  }

  @Test
  void aCertificateFromAnotherCaIsRefusedAtOnce(@TempDir Path dir) throws Exception {
    TestPki other = TestPki.create(dir.resolve("other"), "other-ca");
    long start = System.nanoTime();
    StoreException e = assertThrows(StoreException.class, () -> SqlStore.open(
        StoreSettings.defaults(dir).withPostgres(settings("verify-full", other.caFile)), StoreObserver.NONE));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertTrue(e.getMessage().contains("store.tls"), e.getMessage());
    assertTrue(ms < 5_000, "refused without waiting for the connect-wait: " + ms + " ms");
  }

  private static PostgresSettings settings(String mode, Path ca) {
    return new PostgresSettings(url, PostgresServer.USER, null, 2, mode, ca, Duration.ofSeconds(10));
  }
}
