package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the journal: nothing that was not stored is acknowledged, readiness goes
 * false, and TillWatch recovers by itself when space returns. The data directory lives on a real,
 * tiny tmpfs (mounted as root, as the tests run in CI), filled to the last byte.
 */
class DiskFullEndToEndTest {
  @TempDir
  Path dir;

  Path fs;

  @BeforeEach
  void mountTinyFilesystem() throws Exception {
    fs = dir.resolve("fs");
    Files.createDirectories(fs);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", fs.toString()).redirectErrorStream(true).start();
    Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a tmpfs: " + new String(mount.getInputStream().readAllBytes()));
  }

  @AfterEach
  void unmount() throws Exception {
    new ProcessBuilder("umount", "-l", fs.toString()).start().waitFor();
  }

  @Test
  void nothingUnstoredIsAcknowledgedAndItRecoversWhenSpaceReturns() throws Exception {
    Path data = fs.resolve("data");
    try (InProcessDaemon tw = new InProcessDaemon(data, Map.of())) {
      try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m300", "t-disk")) {
        t.publish("txn", Payloads.txn("ok", 1, "STARTED", 100), 1);
      }
      TestTerminal t = new TestTerminal(tw.mqttPort(), "m300", "t-disk");
      Path filler = fs.resolve("filler");
      fill(filler);

      List<IMqttDeliveryToken> tokens = new ArrayList<>();
      try {
        for (int seq = 2; seq <= 400; seq++) {
          tokens.add(t.publishAsync(t.topic("txn"), Payloads.txn("f" + seq, seq, "STARTED", 100), 1));
        }
      } catch (Exception connectionClosedByTillWatch) {
        // expected once a commit fails: TillWatch closes the connection instead of acknowledging
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> tw.api.get("/health/ready").status() == 503);
      assertTrue(tw.api.metric("tillwatch_journal_commit_failures_total") >= 1);
      // TillWatch closed the connection rather than acknowledge what it could not store.
      await().atMost(Duration.ofSeconds(20)).until(() -> !t.client().isConnected());
      int acked = 0;
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tillwatch.db"))) {
        for (int i = 0; i < tokens.size(); i++) {
          if (tokens.get(i).isComplete() && tokens.get(i).getException() == null) {
            acked++;
            assertTrue(stored(db, i + 2), "seq " + (i + 2) + " was acknowledged, so it must be stored");
          }
        }
      }
      assertTrue(acked < tokens.size(), "the full disk refused something (acked " + acked + " of " + tokens.size() + ")");
      try {
        t.close();
      } catch (Exception alreadyClosed) {
        // closed by TillWatch
      }

      Files.delete(filler);
      // The terminal reconnects and resends what was not acknowledged, as firmware does.
      try (TestTerminal again = new TestTerminal(tw.mqttPort(), "m300", "t-disk")) {
        for (int seq = 2; seq <= 400; seq++) {
          again.publish("txn", Payloads.txn("f" + seq, seq, "STARTED", 100), 1);
        }
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> tw.api.get("/health/ready").status() == 200);
      try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("tillwatch.db"))) {
        for (int seq = 1; seq <= 400; seq++) {
          assertTrue(stored(db, seq), "seq " + seq + " stored after recovery");
        }
      }
      assertEquals(200, tw.api.get("/health/live").status());
    }
  }

  private static void fill(Path filler) throws IOException {
    byte[] chunk = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException noSpaceLeft) {
      // the filesystem is full
    }
  }

  private static boolean stored(Connection db, long seq) throws Exception {
    try (PreparedStatement ps = db.prepareStatement("SELECT COUNT(*) FROM events WHERE terminal = 't-disk' AND seq = ?")) {
      ps.setLong(1, seq);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.getLong(1) >= 1;
      }
    }
  }
}
