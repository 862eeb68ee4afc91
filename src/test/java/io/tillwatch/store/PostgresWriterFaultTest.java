package io.tillwatch.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.testsupport.PostgresServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The writer on a real PostgreSQL that goes away: a killed backend, a stopped and restarted server. */
class PostgresWriterFaultTest {
  @TempDir Path dir;

  @Test
  void aConnectionDroppedMidTransactionFailsTheWholeBatchAndTheNextOneCommits() throws Exception {
    String url = PostgresServer.shared().newDatabase();
    RecordingObserver observer = new RecordingObserver();
    try (SqlStore store = SqlStore.open(StoreSettings.defaults(dir).withPostgres(Fixtures.postgres(url)), observer)) {
      // Batch 1 holds the writer, so that batch 2 is made of exactly the ops queued meanwhile.
      CountDownLatch gateStarted = new CountDownLatch(1);
      CountDownLatch gateRelease = new CountDownLatch(1);
      store.writer().submit(Fixtures.blocker(gateStarted, gateRelease));
      assertTrue(gateStarted.await(10, TimeUnit.SECONDS));

      CountDownLatch midStarted = new CountDownLatch(1);
      CountDownLatch midRelease = new CountDownLatch(1);
      CompletableFuture<Void> a = store.journal().append(Fixtures.event("d", 1, EventType.STARTED), 1);
      CompletableFuture<Void> b = store.journal().append(Fixtures.event("d", 2, EventType.AUTHORIZED), 2);
      CompletableFuture<Void> mid = store.writer().submit(Fixtures.blocker(midStarted, midRelease));
      CompletableFuture<Void> c = store.journal().append(Fixtures.event("d", 3, EventType.PRINTED), 3);
      gateRelease.countDown();
      // Batch 2 has written a and b inside its open transaction and is parked in `mid`.
      assertTrue(midStarted.await(10, TimeUnit.SECONDS));
      assertEquals(1, terminateWriterBackend(url, store.instanceId()));
      midRelease.countDown();

      for (CompletableFuture<Void> f : List.of(a, b, mid, c)) {
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      }
      assertEquals(1, observer.failures.get());
      assertEquals(4, observer.lastFailedBatch.get());
      assertEquals(1, observer.reconnects.get());
      assertEquals(0, count(url, "SELECT COUNT(*) FROM events"), "nothing of the failed batch may be committed");

      // The next batch reconnects first and commits.
      Fixtures.join(store.journal().append(Fixtures.event("d", 4, EventType.STARTED), 4));
      assertTrue(store.healthy());
      assertTrue(store.writer().reachable());
      assertEquals(1, count(url, "SELECT COUNT(*) FROM events"));
      assertEquals(1, count(url, "SELECT COUNT(*) FROM events WHERE seq = 4"));
    }
  }

  @Test
  void anIdleWriterSeesTheServerGoAndBecomesHealthyAgainWithoutTraffic() throws Exception {
    try (PostgresServer pg = PostgresServer.start(true)) {
      String url = pg.newDatabase();
      RecordingObserver observer = new RecordingObserver();
      try (SqlStore store = SqlStore.open(StoreSettings.defaults(dir).withPostgres(Fixtures.postgres(url)), observer)) {
        Fixtures.join(store.journal().append(Fixtures.event("i", 1, EventType.STARTED), 1));
        assertTrue(store.healthy());

        pg.stop();
        // No write is submitted: the idle probe notices the lost server by itself.
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.healthy() && !store.writer().reachable());
        assertEquals(1, observer.reconnects.get());

        long restarted = System.nanoTime();
        pg.startServer();
        long startedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> store.healthy() && store.writer().reachable());
        System.out.printf("writer healthy %d ms after the server was up (restart command took %d ms)%n",
            (System.nanoTime() - startedAt) / 1_000_000, (startedAt - restarted) / 1_000_000);
        assertEquals(0, observer.failures.get(), "no write was submitted, so none failed");

        Fixtures.join(store.journal().append(Fixtures.event("i", 2, EventType.AUTHORIZED), 2));
        assertEquals(2, count(url, "SELECT COUNT(*) FROM events"));
      }
    }
  }

  @Test
  void aWriterThatCannotReconnectStaysUnhealthy() throws Exception {
    try (PostgresServer pg = PostgresServer.start(false)) {
      String url = pg.newDatabase();
      try (SqlStore store = SqlStore.open(StoreSettings.defaults(dir).withPostgres(Fixtures.postgres(url)),
          new RecordingObserver())) {
        pg.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !store.healthy());
        // Several probe rounds later the server is still down: still not healthy, and a write fails.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> !store.healthy());
        CompletableFuture<Void> refused = store.journal().append(Fixtures.event("u", 1, EventType.STARTED), 1);
        assertThrows(ExecutionException.class, () -> refused.get(10, TimeUnit.SECONDS));
        assertFalse(store.writer().reachable());
      }
    }
  }

  /**
   * The connection breaks while COMMIT is on its way. {@code serverCommitted}: the server had
   * committed (the answer was lost), so the batch is acknowledged; otherwise it was not, and fails.
   */
  @ParameterizedTest(name = "server committed: {0}")
  @ValueSource(booleans = {true, false})
  void aBatchWhoseCommitWasCutOffIsCompletedAsTheServerDecided(boolean serverCommitted) throws Exception {
    String url = PostgresServer.shared().newDatabase();
    PostgresSettings pg = Fixtures.postgres(url);
    SqlStore.open(StoreSettings.defaults(dir).withPostgres(pg), null).close(); // the schema
    RecordingObserver observer = new RecordingObserver();
    AtomicInteger opened = new AtomicInteger();
    ConnectionSource source = () -> {
      Connection c = PostgresDatabase.openWriter(pg, "in-doubt");
      return opened.incrementAndGet() == 1 ? commitThenBreak(c, serverCommitted) : c;
    };
    GroupCommitWriter writer = new GroupCommitWriter(Dialect.POSTGRES, source, 100, 100, 0, observer);
    try {
      CompletableFuture<Void> append = writer.submitUnguarded(s -> {
        var ps = s.prepare(EventRows.INSERT_EVENT);
        EventRows.bindEvent(ps, Fixtures.event("x", 1, EventType.STARTED), 1);
        ps.executeUpdate();
        return null;
      });
      if (serverCommitted) {
        append.get(30, TimeUnit.SECONDS);
        assertEquals(1, observer.commits.get());
        assertTrue(writer.healthy());
      } else {
        assertThrows(ExecutionException.class, () -> append.get(30, TimeUnit.SECONDS));
        assertEquals(1, observer.failures.get());
      }
      assertEquals(1, observer.reconnects.get());
      assertEquals(serverCommitted ? 1 : 0, count(url, "SELECT COUNT(*) FROM events"));
    } finally {
      writer.close();
    }
  }

  /**
   * A connection whose COMMIT (run by the server first when {@code commit}) ends with the
   * connection closed and a "connection lost" error, as when the server goes down at that moment.
   */
  private static Connection commitThenBreak(Connection real, boolean commit) {
    ClassLoader loader = PostgresWriterFaultTest.class.getClassLoader();
    return (Connection) Proxy.newProxyInstance(loader, new Class<?>[] {Connection.class}, (proxy, method, args) -> {
      if (method.getName().equals("prepareStatement") && "COMMIT".equals(args[0])) {
        PreparedStatement commitStatement = real.prepareStatement("COMMIT");
        return Proxy.newProxyInstance(loader, new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
          if (m.getName().equals("executeUpdate")) {
            if (commit) {
              commitStatement.executeUpdate();
            }
            real.close(); // an open transaction is rolled back by the server
            throw new SQLException("simulated: connection lost while COMMIT was on its way", "08006");
          }
          return invoke(m, commitStatement, a);
        });
      }
      return invoke(method, real, args);
    });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Ends the writer's backend: of this instance's connections, the one inside a transaction. */
  private static int terminateWriterBackend(String url, String instanceId) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
         PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
             + "WHERE application_name = ? AND state = 'idle in transaction'")) {
      ps.setString(1, "tillwatch/" + instanceId);
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n += rs.getBoolean(1) ? 1 : 0;
        }
      }
      return n;
    }
  }

  private static long count(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
         ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
