package io.tillwatch.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safety harness at CI size (the by-hand size is scripts/crash-harness.sh): embedded mode, 20 SIGKILLs at
 * seeded random moments under load from 20 terminals (a few thousand events with resends,
 * deliberate duplicates with and without DUP, persistent-session redelivery and bounded
 * reordering), then: no acknowledged event lost, every required finding exactly once, no duplicate
 * task, no unexpected finding. The seed is {@code -Dharness.seed} (default fixed) so a failure can
 * be replayed; the large size runs by hand through {@link CrashHarnessMain}.
 */
class CrashHarnessIT {
  @TempDir
  Path dir;

  @Test
  void twentyKillsUnderLoadLoseNothingAndDuplicateNothing() throws Exception {
    long seed = Long.getLong("harness.seed", 20261130L);
    HarnessSettings settings = HarnessSettings.ci(seed).withKills(Integer.getInteger("harness.kills", 20));
    JarDaemon daemon = CrashHarness.embeddedDaemon(settings, JarDaemon.defaultJar(), dir);
    Report r;
    try {
      r = new CrashHarness(settings, daemon, daemon.log(), System.out::println).run();
    } finally {
      // the temp dir goes away: keep the daemon's log next to the test reports
      Path keep = Path.of("target", "crash-harness-it");
      Files.createDirectories(keep);
      Files.copy(daemon.log(), keep.resolve("daemon.log"), StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.println(r.render());

    assertEquals(settings.kills(), r.killsSurvived, "kills survived");
    assertTrue(r.eventsAcked > 1000, "load too small to mean anything: " + r.eventsAcked + " events acknowledged");
    assertEquals(0, r.eventsLost, "acknowledged events missing from the journal");
    assertEquals(0, r.findingsMissing, "required findings without a task");
    assertEquals(0, r.duplicateTasks, "duplicate tasks");
    assertEquals(0, r.unexpectedOpenFindings, "unexpected open findings");
    assertTrue(r.failures.isEmpty(), () -> "harness failures: " + r.failures + "\n" + r.render());
  }
}
