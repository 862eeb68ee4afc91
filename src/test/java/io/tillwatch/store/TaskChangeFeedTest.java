package io.tillwatch.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.TaskChange;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;

/** Two instances on one PostgreSQL database: what one commits reaches the other's feed, live and after a lost connection. */
class TaskChangeFeedTest {
  @TempDir Path dir;

  private final List<TaskChange> heard = new CopyOnWriteArrayList<>();

  private long heard(String id, TaskChange.Kind kind) {
    return heard.stream().filter(c -> c.task().id().equals(id) && c.kind() == kind).count();
  }

  @Test
  void aChangeCommittedByAnotherInstanceIsToldWithItsKindAndAuthorAndOwnChangesAreNot() {
    StoreSettings settings = Fixtures.postgresSettings(dir);
    try (SqlStore a = SqlStore.open(settings, StoreObserver.NONE); SqlStore b = SqlStore.open(settings, StoreObserver.NONE);
         TaskChangeFeed feed = b.watchTaskChanges(heard::add).orElseThrow()) {
      Fixtures.join(a.tasks().insertIfAbsent(Fixtures.saleTask("t_1", "s1", 1_000)));
      await().atMost(Duration.ofSeconds(5)).until(() -> heard("t_1", TaskChange.Kind.CREATED) == 1);
      Fixtures.change(a.tasks(), "t_1", t -> t.acknowledge("alice", 2_000));
      await().atMost(Duration.ofSeconds(5)).until(() -> heard("t_1", TaskChange.Kind.ACKNOWLEDGED) == 1);
      TaskChange ack = heard.get(heard.size() - 1);
      assertEquals("acknowledged by alice", ack.text());
      assertEquals(1, ack.task().revision());

      Fixtures.join(b.tasks().insertIfAbsent(Fixtures.saleTask("t_own", "s2", 1_000)));
      Fixtures.change(b.tasks(), "t_1", t -> t.resolve(Resolution.FALSE_ALARM, "carol", "seen", 3_000));
      Fixtures.join(a.tasks().insertIfAbsent(Fixtures.saleTask("t_2", "s3", 1_000))); // committed after b's
      await().atMost(Duration.ofSeconds(5)).until(() -> heard("t_2", TaskChange.Kind.CREATED) == 1);
      assertEquals(List.of("t_1", "t_1", "t_2"), heard.stream().map(c -> c.task().id()).toList(),
          "this instance's own changes are not told again");
    }
  }

  @Test
  void aBurstOfChangesIsToldOncePerChange() {
    StoreSettings settings = Fixtures.postgresSettings(dir);
    int n = 300;
    try (SqlStore a = SqlStore.open(settings, StoreObserver.NONE); SqlStore b = SqlStore.open(settings, StoreObserver.NONE);
         TaskChangeFeed feed = b.watchTaskChanges(heard::add).orElseThrow()) {
      List<CompletableFuture<?>> inserts = new ArrayList<>();
      for (int i = 0; i < n; i++) { // queued together: the writer commits them in a few batches
        inserts.add(a.tasks().insertIfAbsent(Fixtures.saleTask("t_" + i, "s" + i, 1_000)));
      }
      inserts.forEach(Fixtures::join);
      await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() >= n);
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> heard.size() == n);
      assertEquals(n, heard.stream().map(c -> c.task().id()).distinct().count(), "every task once");
    }
  }

  /**
   * Notifications are not kept for a session that is not listening: what commits while the feed is
   * cut off (connection killed, reconnects refused) must come from the catch-up after it is back.
   */
  @Test
  void changesCommittedWhileTheFeedWasCutOffAreCaughtUpAfterItReconnects() throws Exception {
    StoreSettings settings = Fixtures.postgresSettings(dir);
    PostgresSettings pg = settings.postgres();
    AtomicBoolean down = new AtomicBoolean();
    AtomicInteger refused = new AtomicInteger();
    List<Connection> opened = new CopyOnWriteArrayList<>();
    try (SqlStore a = SqlStore.open(settings, StoreObserver.NONE); SqlStore b = SqlStore.open(settings, StoreObserver.NONE)) {
      ConnectionSource source = () -> {
        if (down.get()) {
          refused.incrementAndGet();
          throw new SQLException("refused by the test", "08001");
        }
        Connection c = PostgresDatabase.openListener(pg, b.instanceId());
        opened.add(c);
        return c;
      };
      try (TaskChangeFeed feed = TaskChangeFeed.start(source, pg.url(), b.instanceId(), heard::add)) {
        Fixtures.join(a.tasks().insertIfAbsent(Fixtures.saleTask("t_1", "s1", System.currentTimeMillis())));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard("t_1", TaskChange.Kind.CREATED) == 1);

        down.set(true);
        terminate(pg, opened.get(opened.size() - 1).unwrap(PGConnection.class).getBackendPID());
        await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() >= 1); // the feed knows it is cut off
        Fixtures.change(a.tasks(), "t_1", t -> t.acknowledge("bob", System.currentTimeMillis()));
        Fixtures.join(a.tasks().insertIfAbsent(Fixtures.saleTask("t_2", "s2", System.currentTimeMillis())));
        assertEquals(1, heard.size(), "nothing can arrive while the feed is cut off");

        down.set(false);
        await().atMost(Duration.ofSeconds(20)).until(() -> heard("t_1", TaskChange.Kind.ACKNOWLEDGED) == 1
            && heard("t_2", TaskChange.Kind.CREATED) == 1);
        assertEquals("acknowledged by bob", heard.stream().filter(c -> c.kind() == TaskChange.Kind.ACKNOWLEDGED)
            .findFirst().orElseThrow().text());
        assertEquals(1, heard("t_1", TaskChange.Kind.CREATED), "what was told before the cut is not told again");

        Fixtures.change(a.tasks(), "t_2", t -> t.acknowledge("dave", System.currentTimeMillis()));
        await().atMost(Duration.ofSeconds(5)).until(() -> heard("t_2", TaskChange.Kind.ACKNOWLEDGED) == 1); // live again
      }
    }
  }

  private static void terminate(PostgresSettings pg, int pid) throws SQLException {
    try (Connection c = PostgresDatabase.openListener(pg, "test-admin");
         PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(?)")) {
      ps.setInt(1, pid);
      ps.execute();
    }
  }
}
