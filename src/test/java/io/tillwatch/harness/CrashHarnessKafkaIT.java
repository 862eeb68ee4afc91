package io.tillwatch.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.harness.KafkaClusterDaemons.Role;
import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safety harness on a cluster: two gateways and two detectors (processes of the jar) on
 * one Kafka broker and one PostgreSQL database, and SIGKILLs of a random one of the four at seeded
 * random moments under load, each restarted at once. Terminals fail over to the other gateway
 * while theirs is down. Every event a gateway acknowledged must be in the events topic, every
 * required finding must exist exactly once, no task may be duplicated, nothing unexpected raised.
 * CI size: 4 kills; {@code scripts/crash-harness.sh --cluster=2,2 --kills=200} is the by-hand size.
 */
class CrashHarnessKafkaIT {
  /** Its draw kills detector-1, gateway-0, gateway-1, detector-0: both kinds, each at least once. */
  private static final long DEFAULT_SEED = 20261216L;

  @TempDir
  Path dir;

  @Test
  void killsOfGatewaysAndDetectorsLoseNothingAndDuplicateNothing() throws Exception {
    long seed = Long.getLong("harness.seed", DEFAULT_SEED);
    HarnessSettings settings = HarnessSettings.ci(seed).withKills(Integer.getInteger("harness.kafka-kills", 4));
    Report r;
    List<String> killed;
    try (PostgresServer pg = PostgresServer.start(false)) {
      KafkaClusterDaemons cluster = KafkaClusterDaemons.forHarness(dir, JarDaemon.defaultJar(), KafkaCluster.shared(),
          pg.newDatabase(), 2, 2, settings, Set.of(Role.GATEWAY, Role.DETECTOR));
      try {
        r = new CrashHarness(settings, cluster, cluster::logs, System.out::println).run();
      } finally {
        killed = cluster.killed();
        cluster.keepLogs(Path.of("target", "crash-harness-kafka-it")); // the temp dir goes away
      }
    }
    System.out.println(r.render());
    System.out.println("killed, in order: " + killed);
    if (seed == DEFAULT_SEED && settings.kills() >= 4) {
      assertTrue(killed.stream().anyMatch(k -> k.startsWith("gateway")) && killed.stream().anyMatch(k -> k.startsWith("detector")),
          "the default seed kills gateways and detectors: " + killed);
    }
    assertEquals(settings.kills(), r.killsSurvived, "kills survived");
    assertTrue(r.eventsAcked > 500, "load too small to mean anything: " + r.eventsAcked);
    assertEquals(0, r.eventsLost, "events a gateway acknowledged missing from the events topic");
    assertEquals(0, r.findingsMissing, "required findings without a task");
    assertEquals(0, r.duplicateTasks, "duplicate tasks");
    assertEquals(0, r.unexpectedOpenFindings, "unexpected open findings");
    assertTrue(r.failures.isEmpty(), () -> "harness failures: " + r.failures + "\n" + r.render());
  }
}
