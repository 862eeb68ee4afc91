package io.tillwatch.harness;

import io.tillwatch.harness.KafkaClusterDaemons.Role;
import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detectors coming and going under load, scored against the fleet's ground truth: one gateway and
 * three detectors (processes of the jar) on one Kafka broker and one PostgreSQL database, 40
 * terminals. Mid-load one detector is SIGKILLed and stays dead: its partitions must move to the
 * other two with their state. Later a fourth detector joins. Then: no acknowledged event missing from
 * the events topic, every required finding exactly once, no duplicate task, no unexpected finding.
 * The processing pause of each change is measured from outside, by the group's committed offsets
 * (see {@link GroupProgress}), and printed.
 */
class KafkaDetectorFailoverIT {
  @TempDir
  Path dir;

  @Test
  void aKilledDetectorsPartitionsMoveWithTheirStateAndAnAddedOneJoins() throws Exception {
    long seed = Long.getLong("harness.seed", 20261214L);
    HarnessSettings settings = HarnessSettings.ci(seed).withKills(1)
        .withFleet(FleetSettings.defaults().withTerminals(40).withEventsPerSecond(4));
    Report r;
    KafkaCluster kafka = KafkaCluster.shared();
    try (PostgresServer pg = PostgresServer.start(false)) {
      KafkaClusterDaemons cluster = KafkaClusterDaemons.forHarness(dir, JarDaemon.defaultJar(), kafka, pg.newDatabase(), 1, 3,
          settings, Set.of(Role.DETECTOR));
      try {
        r = new CrashHarness(settings, cluster, cluster::logs, System.out::println).run((h, report, ledger, fleet) -> {
          try (GroupProgress progress = new GroupProgress(kafka, cluster.eventsTopic(), cluster.applicationId())) {
            h.loadFor(Duration.ofSeconds(12));
            var marks = progress.endOffsets();
            long killed = System.nanoTime();
            cluster.kill9(Role.DETECTOR, 1);
            report.killsSurvived = 1;
            progress.recordPause(report, "SIGKILL of 1 detector of 3", marks, killed, Duration.ofSeconds(60));
            h.loadFor(Duration.ofSeconds(5));
            long joining = System.nanoTime();
            cluster.addDetector(Duration.ofSeconds(90));
            long ready = System.nanoTime();
            marks = progress.endOffsets();
            progress.recordPause(report, "a detector joined (from its ready)", marks, ready, Duration.ofSeconds(60));
            h.say("  detector-3 joined, ready after " + (ready - joining) / 1_000_000 + " ms");
            h.loadFor(Duration.ofSeconds(5));
          }
        });
      } finally {
        cluster.keepLogs(Path.of("target", "kafka-detector-failover-it")); // the temp dir goes away
      }
    }
    System.out.println(r.render());
    KafkaFaultsIT.assertExact(r, 2000);
  }
}
