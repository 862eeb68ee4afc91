package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The daemon on a real PostgreSQL that fails: restarted under load, not there at start. Each test
 * runs its own server with fsync on (these tests are about what is durable).
 */
class PostgresFaultsEndToEndTest {
  @TempDir Path dir;

  private static Map<String, String> postgresSettings(String url, Map<String, String> more) {
    Map<String, String> s = new HashMap<>(more);
    s.put("store", "postgres");
    s.put("store.url", url);
    s.put("store.user", PostgresServer.USER);
    s.put("store.tls", "disable");
    return s;
  }

  /**
   * A terminal as the contract asks it to behave: it sends its events in seq order, each at QoS 1
   * until it has the PUBACK; a connection that breaks without one means "not delivered", so it
   * connects again and sends the same event again. Paho's clean session forgets unacknowledged
   * messages, which is why the resend is done here.
   */
  static final class ResendingTerminal {
    final String terminal;
    final Set<Long> acked = ConcurrentHashMap.newKeySet();
    final AtomicInteger resends = new AtomicInteger();
    private final int port;
    private MqttAsyncClient client;
    private long seq;

    ResendingTerminal(int port, String terminal) {
      this.port = port;
      this.terminal = terminal;
    }

    /** Sends one event until it is acknowledged or {@code stop} is set; true once acknowledged. */
    boolean send(String txn, String event, AtomicBoolean stop) {
      long s = ++seq;
      byte[] payload = Payloads.txn(txn, s, event, 12_850).getBytes(StandardCharsets.UTF_8);
      for (int attempt = 0; !stop.get(); attempt++) {
        if (attempt > 0) {
          resends.incrementAndGet();
        }
        try {
          if (client == null || !client.isConnected()) {
            connect();
          }
          MqttMessage m = new MqttMessage(payload);
          m.setQos(1);
          client.publish("pos/v1/m900/" + terminal + "/txn", m).waitForCompletion(10_000);
          acked.add(s);
          return true;
        } catch (MqttException e) {
          closeQuietly(); // no PUBACK: not delivered; connect again and resend
        }
      }
      return false;
    }

    private void connect() throws MqttException {
      closeQuietly();
      client = new MqttAsyncClient("tcp://127.0.0.1:" + port, terminal, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setCleanSession(true);
      o.setKeepAliveInterval(30);
      o.setConnectionTimeout(10);
      client.connect(o).waitForCompletion(10_000);
    }

    void closeQuietly() {
      if (client == null) {
        return;
      }
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(0, 1_000);
        }
        client.close(true);
      } catch (MqttException ignored) {
        // gone already
      }
      client = null;
    }
  }

  /**
   * {@code stop}: a clean restart (fast shutdown, clients disconnected). {@code kill}: the server's
   * processes die without a shutdown and the next start runs crash recovery.
   */
  @ParameterizedTest(name = "server {0}, then started again")
  @ValueSource(strings = {"stop", "kill"})
  void aRestartUnderLoadLosesNothingAcknowledgedDuplicatesNoTaskAndReadinessReturnsByItself(String how) throws Exception {
    try (PostgresServer pg = PostgresServer.start(true)) {
      String url = pg.newDatabase();
      // Sales whose receipt never prints become UNPRINTED_RECEIPT tasks; the print deadline is
      // longer than the outage, so a receipt held back by the outage does not raise one.
      InProcessDaemon tw = new InProcessDaemon(dir, postgresSettings(url, Map.of("detect.print-timeout", "8s",
          "detect.outcome-timeout", "60s", "detect.reversal-timeout", "60s", "detect.tick", "50ms")));
      try {
        int terminals = 4;
        AtomicBoolean stop = new AtomicBoolean();
        List<ResendingTerminal> fleet = new ArrayList<>();
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < terminals; i++) {
          ResendingTerminal t = new ResendingTerminal(tw.mqttPort(), "t-pg-" + i);
          fleet.add(t);
          running.add(CompletableFuture.runAsync(() -> {
            for (int sale = 1; !stop.get(); sale++) {
              String txn = "s" + sale;
              boolean leaveUnprinted = sale % 5 == 0;
              if (!t.send(txn, "STARTED", stop) || !t.send(txn, "AUTHORIZED", stop)) {
                return;
              }
              if (leaveUnprinted) {
                continue;
              }
              if (!t.send(txn, "PRINTED", stop) || !t.send(txn, "COMPLETED", stop)) {
                return;
              }
            }
          }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ackedCount(fleet) >= 200);
        assertTrue(tw.daemon.ready());

        if (how.equals("kill")) {
          pg.kill();
        } else {
          pg.stop();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> !tw.daemon.ready());
        int ackedWhenDown = ackedCount(fleet);
        // While the server is down, nothing is acknowledged (a PUBACK would be a lie) and readiness stays false.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
            .until(() -> !tw.daemon.ready() && ackedCount(fleet) <= ackedWhenDown + terminals);

        long startCommand = System.nanoTime();
        pg.startServer();
        long serverUp = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10)).until(tw.daemon::ready);
        long ready = System.nanoTime();
        System.out.printf("PostgreSQL " + how + " and start under load: ready %d ms after the server accepted connections "
            + "(%d ms after pg_ctl start was run)%n", (ready - serverUp) / 1_000_000, (ready - startCommand) / 1_000_000);

        int ackedWhenBack = ackedCount(fleet);
        await().atMost(Duration.ofSeconds(60)).until(() -> ackedCount(fleet) >= ackedWhenBack + 200);
        stop.set(true);
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get();
        fleet.forEach(ResendingTerminal::closeQuietly);
        int resends = fleet.stream().mapToInt(t -> t.resends.get()).sum();

        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "")) {
          // Every event a terminal holds a PUBACK for is in the journal.
          Set<String> journaled = strings(c, "SELECT DISTINCT terminal || '/' || seq FROM events");
          List<String> missing = new ArrayList<>();
          for (ResendingTerminal t : fleet) {
            for (long s : t.acked) {
              if (!journaled.contains(t.terminal + "/" + s)) {
                missing.add(t.terminal + "/" + s);
              }
            }
          }
          assertEquals(List.of(), missing, "acknowledged but not in the journal");
          long rows = count(c, "SELECT COUNT(*) FROM events");
          long distinct = count(c, "SELECT COUNT(DISTINCT (terminal, seq)) FROM events");
          // An event committed whose PUBACK was lost with the connection is sent again and journaled
          // again; the engine must recognise every such repeat and change nothing for it.
          await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(rows - distinct,
              tw.management().metric("tillwatch_txn_events_duplicate_total"), "every repeat in the journal was seen"));

          // The journal says which sales were authorized and never printed (left so on purpose, or
          // cut short by the end of the load): each gets its task, exactly once.
          Set<String> unprinted = strings(c, "SELECT terminal || '/' || txn FROM events GROUP BY terminal, txn "
              + "HAVING bool_or(event = 'AUTHORIZED') AND NOT bool_or(event = 'PRINTED')");
          assertTrue(unprinted.size() >= 10, "the load left sales unprinted: " + unprinted.size());
          await().atMost(Duration.ofSeconds(30)).until(() -> strings(c,
              "SELECT terminal || '/' || txn FROM tasks WHERE kind = 'UNPRINTED_RECEIPT'").containsAll(unprinted));
          assertEquals(Set.of(), strings(c, "SELECT kind || ' ' || terminal || '/' || txn FROM tasks "
              + "GROUP BY kind, terminal, txn HAVING COUNT(*) > 1"), "duplicate tasks");
          Set<String> openUnprinted = strings(c, "SELECT terminal || '/' || txn FROM tasks "
              + "WHERE kind = 'UNPRINTED_RECEIPT' AND state <> 'RESOLVED'");
          assertEquals(unprinted, openUnprinted, "one open task per unprinted sale, none for a printed one");
          System.out.printf(how + " under load: %d events acknowledged by %d terminals, %d resends, journal %d rows "
              + "for %d distinct events, %d unprinted sales -> %d tasks%n", ackedCount(fleet), terminals, resends, rows,
              distinct, unprinted.size(), openUnprinted.size());
        }

        // The store's meters on /metrics: reachable again, the lost connection counted, the read pool reported.
        Api management = tw.management();
        assertEquals(1.0, management.metric("tillwatch_store_reachable"));
        assertTrue(management.metric("tillwatch_store_reconnects_total") >= 1);
        assertEquals(1.0, management.metric("tillwatch_ready"));
        String metrics = management.get("/metrics").body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("hikaricp_connections_active{")
            && l.contains("pool=\"tillwatch-store-reads\"")), "HikariCP pool metrics");
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("tillwatch_store_read_seconds_count{")
            && l.contains("query=\"unresolved_tasks\"")), "read latency");
      } finally {
        tw.close();
      }
    }
  }

  @Test
  void unreachableAtStartTheDaemonSaysSoKeepsTryingAndBecomesReady() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger startup = (Logger) LoggerFactory.getLogger("io.tillwatch.store.StartupWait");
    startup.addAppender(logs);
    try (PostgresServer pg = PostgresServer.start(false)) {
      String url = pg.newDatabase();
      pg.stop();
      int httpPort = FreePorts.next();
      CompletableFuture<InProcessDaemon> starting = CompletableFuture.supplyAsync(
          () -> new InProcessDaemon(dir, postgresSettings(url, Map.of("http.port", Integer.toString(httpPort)))));
      InProcessDaemon tw = null;
      try {
        // One clear ERROR line per attempt, naming the URL and the setting; the start keeps waiting.
        await().atMost(Duration.ofSeconds(10)).until(() -> errors(logs).size() >= 2);
        String first = errors(logs).get(0);
        assertTrue(first.contains(url) && first.contains("store.url") && first.contains("trying again"), first);
        assertFalse(starting.isDone(), "the daemon must wait for the server, not fail");
        // Meanwhile it is alive (a liveness probe must not restart it) and not ready.
        Api waiting = new Api(httpPort);
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.get("/health/live").status() == 200);
        assertEquals(503, waiting.get("/health/ready").status());

        pg.startServer();
        long serverUp = System.nanoTime();
        tw = starting.get(60, java.util.concurrent.TimeUnit.SECONDS);
        InProcessDaemon daemon = tw;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(daemon.daemon::ready);
        System.out.printf("PostgreSQL unreachable at start: ready %d ms after the server came up, after %d logged "
            + "attempts%n", (System.nanoTime() - serverUp) / 1_000_000, errors(logs).size());
        assertEquals(200, tw.api.get("/api/v1/tasks").status());
      } finally {
        if (tw != null) {
          tw.close();
        } else {
          starting.thenAccept(InProcessDaemon::close); // a failed assertion left it starting
        }
      }
    } finally {
      startup.detachAppender(logs);
    }
  }

  private static List<String> errors(ListAppender<ILoggingEvent> logs) {
    synchronized (logs) { // the appender adds under its own lock
      return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private static int ackedCount(List<ResendingTerminal> fleet) {
    return fleet.stream().mapToInt(t -> t.acked.size()).sum();
  }

  private static Set<String> strings(Connection c, String sql) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
