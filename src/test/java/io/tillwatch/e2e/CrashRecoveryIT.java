package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a separate daemon process: every acknowledged event is in the journal after the
 * crash, the sales it acknowledged are still tracked, their deadlines fire after recovery, and a
 * second crash does not duplicate any task. SIGTERM stops it with exit status 0.
 */
class CrashRecoveryIT {
  static final int SALES = 100;

  @TempDir
  Path dir;

  @Test
  void acknowledgedSalesSurviveKillMinusNineAndTheirDeadlinesStillFire() throws Exception {
    Path data = dir.resolve("data");
    Path log = Files.createFile(dir.resolve("daemon.log"));
    int mqtt = FreePorts.next();
    int http = FreePorts.next();
    // Deadlines long enough that nothing fires before the kill, short enough for a test.
    List<String> settings = List.of("--detect.outcome-timeout=5s", "--detect.print-timeout=5s");

    try (DaemonProcess first = DaemonProcess.start("run", data, log, mqtt, http, settings)) {
      try (TestTerminal a = new TestTerminal(mqtt, "m200", "t-crash-a"); TestTerminal b = new TestTerminal(mqtt, "m200", "t-crash-b")) {
        for (int i = 0; i < SALES; i++) {
          a.event("u" + i, "STARTED", 1000 + i); // acknowledged: will be UNCONFIRMED_SALE
          b.event("p" + i, "STARTED", 2000 + i);
          b.event("p" + i, "AUTHORIZED", 2000 + i); // acknowledged: will be UNPRINTED_RECEIPT
        }
      }
      first.kill9();
    }
    assertEquals(3 * SALES, countRows(data, "SELECT COUNT(*) FROM events"), "every acknowledged event is journaled");

    long restart = System.nanoTime();
    try (DaemonProcess second = DaemonProcess.start("run", data, log, mqtt, http, settings)) {
      long readyMs = second.readyAfterMs(restart);
      await().atMost(Duration.ofSeconds(60)).until(() -> second.api.tasks("kind=UNCONFIRMED_SALE").size() == SALES
          && second.api.tasks("kind=UNPRINTED_RECEIPT").size() == SALES);
      assertDistinctTxns(second.api.tasks("kind=UNCONFIRMED_SALE"), "u");
      assertDistinctTxns(second.api.tasks("kind=UNPRINTED_RECEIPT"), "p");
      assertTrue(second.api.tasks("kind=TERMINAL_SILENT").isEmpty(), "downtime is not the terminals' silence");
      System.out.printf("restart to ready after kill -9: %d ms%n", readyMs);
      second.kill9();
    }

    // A second crash and restart: the same findings are raised again, no task is duplicated.
    try (DaemonProcess third = DaemonProcess.start("run", data, log, mqtt, http, settings)) {
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
          .until(() -> third.api.tasks("").size() == 2 * SALES);
      assertEquals(0, third.terminate(), "SIGTERM is an orderly stop");
    }
    assertEquals(2 * SALES, countRows(data, "SELECT COUNT(*) FROM tasks"));
  }

  private static void assertDistinctTxns(List<JsonObject> tasks, String prefix) {
    Set<String> txns = new HashSet<>();
    for (JsonObject t : tasks) {
      assertTrue(t.getString("txn").startsWith(prefix), t.encode());
      txns.add(t.getString("txn"));
    }
    assertEquals(SALES, txns.size());
  }

  private static long countRows(Path data, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tillwatch.db"));
         ResultSet rs = c.createStatement().executeQuery(sql)) {
      return rs.getLong(1);
    }
  }
}
