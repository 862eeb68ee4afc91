package io.tillwatch.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.e2e.MosquittoBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safety harness in broker mode: terminals publish to a real
 * Mosquitto 2 (persistence on), TillWatch subscribes to it with a persistent session and is killed
 * with SIGKILL at seeded random moments under load, and Mosquitto itself is restarted once
 * mid-run. Here the terminals' PUBACKs come from the broker, so "acknowledged" means "the broker
 * took it": every such event must still reach TillWatch's journal (through the persistent session,
 * whatever was in flight when TillWatch or the broker died), every required finding must exist
 * exactly once, and no task may be duplicated.
 */
class CrashHarnessBrokerIT {
  @TempDir
  Path dir;

  @Test
  void killsOfTillWatchAndABrokerRestartLoseNothingAndDuplicateNothing() throws Exception {
    long seed = Long.getLong("harness.seed", 20261201L);
    HarnessSettings settings = HarnessSettings.ci(seed).withKills(Integer.getInteger("harness.broker-kills", 8));
    Report r;
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"))) {
      JarDaemon daemon = CrashHarness.embeddedDaemon(settings, JarDaemon.defaultJar(), dir.resolve("tillwatch"))
          .withTerminalEndpoint(broker.url(), List.of("--ingest.mode=broker", "--broker.url=" + broker.url(),
              "--broker.client-id=tillwatch-harness", "--broker.reconnect-min=50ms", "--broker.reconnect-max=1s"));
      ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
      long restartAfterSeconds = Boolean.parseBoolean(System.getProperty("harness.broker-restart", "true")) ? 12 : 100_000;
      // One graceful broker restart mid-run: Mosquitto saves its persistence and comes back.
      chaos.schedule(() -> {
        try {
          broker.stop();
          Thread.sleep(1_500); // the outage itself, on a chaos thread; the test waits with Awaitility
          broker.start();
          System.out.println("[chaos] Mosquitto restarted");
        } catch (Exception e) {
          System.out.println("[chaos] broker restart failed: " + e);
        }
      }, restartAfterSeconds, TimeUnit.SECONDS);
      try {
        r = new CrashHarness(settings, daemon, daemon.log(), System.out::println).run();
      } finally {
        chaos.shutdownNow();
        Path keep = Path.of("target", "crash-harness-broker-it");
        Files.createDirectories(keep);
        Files.copy(daemon.log(), keep.resolve("daemon.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.println(r.render());
    assertEquals(settings.kills(), r.killsSurvived, "kills survived");
    assertTrue(r.eventsAcked > 500, "load too small to mean anything: " + r.eventsAcked);
    assertEquals(0, r.eventsLost, "events the broker acknowledged missing from TillWatch's journal");
    assertEquals(0, r.findingsMissing, "required findings without a task");
    assertEquals(0, r.duplicateTasks, "duplicate tasks");
    assertEquals(0, r.unexpectedOpenFindings, "unexpected open findings");
    assertTrue(r.failures.isEmpty(), () -> "harness failures: " + r.failures + "\n" + r.render());
  }
}
