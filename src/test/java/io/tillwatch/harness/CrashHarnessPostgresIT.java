package io.tillwatch.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.e2e.MosquittoBroker;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safety harness on the shared PostgreSQL store: two TillWatch instances in partitioned
 * broker mode ({@code broker.partition=0/2} and {@code 1/2}, each its own persistent broker session)
 * behind a real Mosquitto 2, both on ONE database of a real PostgreSQL server (its own, fsync on),
 * and one of them SIGKILLed at seeded random moments under load while the other keeps writing.
 * Every event the broker acknowledged must be in the shared journal, every required finding must
 * exist exactly once, and no task may be duplicated (the store's dedupe key is global, and each
 * terminal has one owner). CI size: 8 kills, about two minutes.
 */
class CrashHarnessPostgresIT {
  private static final int INSTANCES = 2;

  @TempDir
  Path dir;

  @Test
  void killsOfEitherInstanceOnASharedPostgresLoseNothingAndDuplicateNothing() throws Exception {
    long seed = Long.getLong("harness.seed", 20261202L);
    HarnessSettings settings = HarnessSettings.ci(seed).withKills(Integer.getInteger("harness.pg-kills", 8));
    Path log = dir.resolve("daemons.log"); // both instances append to it, so the harness scans both
    Files.createFile(log);
    Report r;
    try (PostgresServer pg = PostgresServer.start(true);
         MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"))) {
      String url = pg.newDatabase();
      List<String> detection = new ArrayList<>(settings.detectionSettings());
      detection.addAll(settings.daemonSettings());
      List<JarDaemon> instances = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        instances.add(JarDaemon.embedded(JarDaemon.defaultJar(), dir.resolve("data-" + i), log, CrashHarness.freePort(),
                CrashHarness.freePort(), detection)
            .withTerminalEndpoint(broker.url(), List.of("--ingest.mode=broker", "--broker.url=" + broker.url(),
                "--broker.client-id=tillwatch-harness-" + i, "--broker.partition=" + i + "/" + INSTANCES,
                "--broker.reconnect-min=50ms", "--broker.reconnect-max=1s"))
            .withPostgres(url, PostgresServer.USER));
      }
      PartitionedDaemons daemons = new PartitionedDaemons(instances, seed);
      try {
        r = new CrashHarness(settings, daemons, log, System.out::println).run();
      } finally {
        Path keep = Path.of("target", "crash-harness-postgres-it");
        Files.createDirectories(keep);
        Files.copy(log, keep.resolve("daemons.log"), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    System.out.println(r.render());
    assertEquals(settings.kills(), r.killsSurvived, "kills survived");
    assertTrue(r.eventsAcked > 500, "load too small to mean anything: " + r.eventsAcked);
    assertTrue(r.journalRows >= r.eventsAcked, "journal rows " + r.journalRows + " < acknowledged " + r.eventsAcked);
    assertEquals(0, r.eventsLost, "events the broker acknowledged missing from the shared journal");
    assertEquals(0, r.findingsMissing, "required findings without a task");
    assertEquals(0, r.duplicateTasks, "duplicate tasks");
    assertEquals(0, r.unexpectedOpenFindings, "unexpected open findings");
    assertTrue(r.failures.isEmpty(), () -> "harness failures: " + r.failures + "\n" + r.render());
  }
}
