package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Bad input gets a clear refusal, a metric, and nothing kept: one message per rejection reason
 * through a real MQTT client, each acknowledged (QoS 1) so the terminal does not resend it forever,
 * each counted, none stored; and a full card number never reaches the database file.
 */
class HostileInputEndToEndTest {
  static final String FULL_PAN = RefusalCases.FULL_PAN;

  @TempDir
  static Path dir;

  static InProcessDaemon tw;

  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();

  @BeforeAll
  static void start() {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    tw = new InProcessDaemon(dir, Map.of("mqtt.max-payload", RefusalCases.MAX_PAYLOAD));
  }

  @AfterAll
  static void stop() {
    tw.close();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
  }

  @Test
  void everyRejectionReasonIsAcknowledgedCountedAndNotStored() throws Exception {
    String ok = RefusalCases.OK_FIELDS;
    Map<String, String[]> cases = RefusalCases.all();

    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m009", "t-bad")) {
      for (Map.Entry<String, String[]> c : cases.entrySet()) {
        String metric = "tillwatch_messages_rejected_total{reason=\"" + c.getKey() + "\"}";
        double before = tw.api.metric(metric);
        // waitForCompletion returns only when the PUBACK arrived: refused messages are acknowledged
        t.publishAsync(c.getValue()[0], c.getValue()[1], 1).waitForCompletion(10_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> tw.api.metric(metric) == before + 1);
      }
      // card data in another field, nested deep
      double before = tw.api.metric("tillwatch_messages_rejected_total{reason=\"card_data\"}");
      t.publishAsync(t.topic("txn"), "{\"txn\":\"y\"," + ok + ",\"x\":{\"track2\":\"" + FULL_PAN + "=2512\"}}", 1)
          .waitForCompletion(10_000);
      await().atMost(Duration.ofSeconds(5))
          .until(() -> tw.api.metric("tillwatch_messages_rejected_total{reason=\"card_data\"}") == before + 1);
    }
    assertEquals(200, tw.api.get("/health/ready").status(), "the daemon is still up and ready");
    assertEquals(0, storedEvents(), "nothing of a refused message is stored");
    assertFalse(anyFileContains(dir, FULL_PAN), "no card number in the data directory");
    assertTrue(LOGS.list.stream().anyMatch(e -> e.getFormattedMessage().contains("card_data")), "refusals are logged");
    assertFalse(LOGS.list.stream().anyMatch(e -> e.getFormattedMessage().contains("6228480402")), "no card number in the log");
  }

  @Test
  void brokenMqttFramesDoNotTakeTheDaemonDown() throws Exception {
    byte[][] garbage = {
        {0x10, 0x7f, 0x00}, // CONNECT with a remaining length far past the data
        {0x30, 0x05, 0x00, 0x01, 'a'}, // PUBLISH before CONNECT
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, // invalid remaining length
        "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
    };
    for (byte[] g : garbage) {
      try (Socket s = new Socket("127.0.0.1", tw.mqttPort())) {
        s.setSoTimeout(2000);
        OutputStream out = s.getOutputStream();
        out.write(g);
        out.flush();
        try {
          s.getInputStream().read();
        } catch (IOException expected) {
          // closed or timed out: either is fine
        }
      }
    }
    // A payload beyond the protocol limit closes that connection, nothing more.
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m009", "t-huge")) {
      try {
        t.publishAsync(t.topic("txn"), "x".repeat(200_000), 1).waitForCompletion(5_000);
      } catch (Exception expected) {
        // connection dropped
      }
    } catch (Exception closeFailure) {
      // the client may already be disconnected
    }
    assertEquals(200, tw.api.get("/health/live").status());
    try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m010", "t-after")) {
      t.event("fine", "STARTED", 1);
    }
  }

  private long storedEvents() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tillwatch.db"));
         ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM events WHERE merchant = 'm009'")) {
      return rs.getLong(1);
    }
  }

  static boolean anyFileContains(Path root, String needle) throws IOException {
    byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        byte[] data = Files.readAllBytes(p);
        outer:
        for (int i = 0; i + n.length <= data.length; i++) {
          for (int j = 0; j < n.length; j++) {
            if (data[i + j] != n[j]) {
              continue outer;
            }
          }
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void theSearchForCardNumbersWorks() throws Exception {
    Path probe = Files.createTempFile(dir, "probe", ".bin");
    Files.writeString(probe, "xx" + FULL_PAN + "yy");
    assertTrue(anyFileContains(dir, FULL_PAN));
    Files.delete(probe);
  }
}
