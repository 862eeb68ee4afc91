package io.tillwatch.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.harness.KafkaClusterDaemons.Role;
import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the infrastructure under a cluster, each scored against the fleet's ground truth: a
 * Kafka of three brokers (replication 3, {@code min.insync.replicas=2}) and a PostgreSQL server
 * (fsync on) shared by the tests, each test its own database, topics and consumer group. One Kafka
 * broker SIGKILLed mid-load; one gateway SIGKILLed mid-load (its terminals must reach the other);
 * PostgreSQL killed (immediate shutdown, crash recovery) and started again mid-load. Each: no
 * acknowledged event missing from the events topic, every required finding exactly once, no
 * duplicate task, no unexpected finding.
 *
 * <p>About five minutes, so not in the default build: {@code mvn verify -Pkafka-faults}, or alone
 * {@code mvn verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=KafkaFaultsIT}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaFaultsIT {
  private static final long SEED = Long.getLong("harness.seed", 20261217L);

  @TempDir
  Path dir;

  KafkaCluster kafka;
  PostgresServer pg;

  @BeforeAll
  void start() {
    kafka = KafkaCluster.start(3);
    pg = PostgresServer.start(true);
  }

  @AfterAll
  void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  private static HarnessSettings settings() {
    return HarnessSettings.ci(SEED).withKills(0);
  }

  private KafkaClusterDaemons cluster(String name, int gateways, int detectors) throws java.io.IOException {
    return KafkaClusterDaemons.forHarness(dir.resolve(name), JarDaemon.defaultJar(), kafka, pg.newDatabase(), gateways, detectors,
        settings(), Set.of());
  }

  private Report run(String name, KafkaClusterDaemons cluster, CrashHarness.UnderLoad underLoad) throws Exception {
    Report r;
    try {
      r = new CrashHarness(settings(), cluster, cluster::logs, System.out::println).run(underLoad);
    } finally {
      cluster.keepLogs(Path.of("target", "kafka-faults-it", name)); // the temp dir goes away
      kafka.keepLogs(Path.of("target", "kafka-faults-it", name));
    }
    System.out.println("[" + name + "]\n" + r.render());
    return r;
  }

  @Test
  void aKafkaBrokerKilledMidLoadLosesNoAcknowledgedEventAndDetectionGoesOn() throws Exception {
    KafkaClusterDaemons cluster = cluster("broker-kill", 1, 2);
    Report r = run("broker-kill", cluster, (h, report, ledger, fleet) -> {
      try (GroupProgress progress = new GroupProgress(kafka, cluster.eventsTopic(), cluster.applicationId())) {
        h.loadFor(Duration.ofSeconds(10));
        var marks = progress.endOffsets();
        long killed = System.nanoTime();
        long ackedBefore = ledger.eventsAcked();
        kafka.kill(0);
        h.say("  Kafka node 1 of 3 killed");
        // Detection goes on without the broker: every partition processes past where the topic ended at the kill.
        progress.recordPause(report, "SIGKILL of 1 Kafka broker of 3", marks, killed, Duration.ofSeconds(90));
        h.loadFor(Duration.ofSeconds(10));
        long ackedWhileDown = ledger.eventsAcked() - ackedBefore;
        h.say("  acknowledged while the broker was down: " + ackedWhileDown);
        if (ackedWhileDown < 500) {
          report.fail("gateways acknowledged only " + ackedWhileDown + " events while one broker of three was down");
        }
        kafka.restart(0);
        h.say("  Kafka node 1 restarted");
        h.loadFor(Duration.ofSeconds(5));
      }
    });
    assertExact(r);
  }

  @Test
  void aGatewayKilledMidLoadLosesNoAcknowledgedEventAndItsTerminalsGoToTheOther() throws Exception {
    KafkaClusterDaemons cluster = cluster("gateway-kill", 2, 2);
    Report r = run("gateway-kill", cluster, (h, report, ledger, fleet) -> {
      h.loadFor(Duration.ofSeconds(10));
      long connectsBefore = ledger.connects.get();
      cluster.kill9(Role.GATEWAY, 0);
      long ackedBefore = ledger.eventsAcked();
      h.say("  gateway-0 killed, left down");
      h.loadFor(Duration.ofSeconds(15));
      long reconnects = ledger.connects.get() - connectsBefore;
      long ackedWhileDown = ledger.eventsAcked() - ackedBefore;
      h.say("  while gateway-0 was down: " + reconnects + " terminal connects, " + ackedWhileDown + " events acknowledged");
      // Half the terminals preferred gateway-0: each of them must have connected to gateway-1.
      if (reconnects < settings().fleet().terminals() / 2) {
        report.fail("only " + reconnects + " terminals reconnected after gateway-0 died");
      }
      if (ackedWhileDown < 1000) {
        report.fail("only " + ackedWhileDown + " events acknowledged while gateway-0 was down");
      }
    });
    assertExact(r);
  }

  @Test
  void postgresKilledAndRestartedMidLoadLeavesTheFindingsExact() throws Exception {
    KafkaClusterDaemons cluster = cluster("postgres-restart", 1, 2);
    Report r = run("postgres-restart", cluster, (h, report, ledger, fleet) -> {
      h.loadFor(Duration.ofSeconds(10));
      pg.kill();
      h.say("  PostgreSQL killed");
      h.loadFor(Duration.ofSeconds(5)); // the outage: detectors cannot store tasks meanwhile
      pg.startServer();
      h.say("  PostgreSQL started again");
      h.loadFor(Duration.ofSeconds(15));
    });
    assertExact(r);
  }

  private static void assertExact(Report r) {
    assertExact(r, 1000);
  }

  /**
   * The cluster checks: nothing acknowledged lost, findings exact against the ground truth (none
   * raised and closed again either), the harness content.
   */
  static void assertExact(Report r, long minAcked) {
    assertTrue(r.eventsAcked > minAcked, "load too small to mean anything: " + r.eventsAcked);
    assertEquals(0, r.eventsLost, "acknowledged events missing from the events topic");
    assertEquals(0, r.findingsMissing, "required findings without a task");
    assertEquals(0, r.duplicateTasks, "duplicate tasks");
    assertEquals(0, r.unexpectedOpenFindings, "unexpected open findings");
    assertEquals(0, r.unknownTasks, "tasks for sales never published");
    // Gateways' watermarks hold the deadlines while a message is on its way, so none fires early and closes again.
    assertEquals(0, r.transientFindingsAutoResolved, "findings raised and closed again: an event overtaken by a tick");
    assertTrue(r.failures.isEmpty(), () -> "harness failures: " + r.failures + "\n" + r.render());
  }
}
