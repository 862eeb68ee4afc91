package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The QoS 1 PUBACK is sent only after the event is committed to the journal. */
class AcknowledgeAfterCommitEndToEndTest {
  @TempDir
  static Path dir;

  static InProcessDaemon tw;

  @BeforeAll
  static void start() {
    tw = new InProcessDaemon(dir, Map.of());
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  private static Connection db() throws Exception {
    return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tillwatch.db"));
  }

  private static boolean stored(Connection c, String terminal, long seq) throws Exception {
    try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events WHERE terminal = ? AND seq = ?")) {
      ps.setString(1, terminal);
      ps.setLong(2, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.getLong(1) == 1;
      }
    }
  }

  @Test
  void everyAcknowledgedEventIsAlreadyInTheJournal() throws Exception {
    AtomicInteger ackedButMissing = new AtomicInteger();
    AtomicInteger acked = new AtomicInteger();
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m100", "t-commit"); Connection check = db()) {
      for (int i = 1; i <= 300; i++) {
        long seq = i;
        MqttMessage message = new MqttMessage(Payloads.txn("c" + i, seq, "STARTED", 100).getBytes(StandardCharsets.UTF_8));
        message.setQos(1);
        // The listener goes in with the publish: attached afterwards, a fast PUBACK could slip past it.
        IMqttDeliveryToken token = t.client().publish(t.topic("txn"), message, null, new IMqttActionListener() {
          @Override
          public void onSuccess(IMqttToken tok) {
            // At the moment the terminal learns "delivered", the row must already be visible to another connection.
            try {
              synchronized (check) {
                if (!stored(check, "t-commit", seq)) {
                  ackedButMissing.incrementAndGet();
                }
              }
              acked.incrementAndGet();
            } catch (Exception e) {
              ackedButMissing.incrementAndGet();
            }
          }

          @Override
          public void onFailure(IMqttToken tok, Throwable e) {}
        });
        tokens.add(token);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() == 300);
    }
    assertEquals(0, ackedButMissing.get());
  }

  @Test
  void noAcknowledgementWhileTheJournalCannotCommit() throws Exception {
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m100", "t-locked"); Connection lock = db()) {
      // Another writer holds the database: TillWatch's commit has to wait.
      try (Statement s = lock.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
      IMqttDeliveryToken token = t.publishAsync(t.topic("txn"), Payloads.txn("l1", 1, "STARTED", 100), 1);
      await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> !token.isComplete());
      try (Connection other = db()) {
        assertFalse(stored(other, "t-locked", 1));
      }
      try (Statement s = lock.createStatement()) {
        s.execute("ROLLBACK");
      }
      await().atMost(Duration.ofSeconds(20)).until(token::isComplete);
      try (Connection other = db()) {
        assertTrue(stored(other, "t-locked", 1));
      }
    }
  }
}
