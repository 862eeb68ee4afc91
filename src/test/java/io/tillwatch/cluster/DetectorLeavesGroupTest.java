package io.tillwatch.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.e2e.InProcessDaemon;
import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A detector stopped cleanly leaves its group at once, so its partitions move to the others without
 * waiting out the session timeout (10 s) as a killed one's do. Kafka Streams leaves only as a static
 * member: this fails if the detector has no group instance id.
 */
class DetectorLeavesGroupTest {
  @TempDir
  Path dir;

  private static Collection<MemberDescription> members(Admin admin, String group) throws Exception {
    return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
  }

  @Test
  void aStoppedDetectorIsOutOfTheGroupLongBeforeTheSessionTimeout() throws Exception {
    KafkaCluster kafka = KafkaCluster.shared();
    String prefix = KafkaClusters.newPrefix("leave");
    String group = prefix + "-detector";
    InProcessDaemon detector = InProcessDaemon.start(dir.resolve("detector"),
        KafkaClusters.role("detector", kafka, prefix, PostgresServer.shared().newDatabase(), 2));
    try (Admin admin = kafka.admin()) {
      // Until the detector's first join the group does not exist, and Kafka 4 says so with an error.
      await().atMost(Duration.ofSeconds(60)).ignoreExceptionsMatching(e -> e.getCause() instanceof GroupIdNotFoundException)
          .until(() -> members(admin, group).size() == 1);
      MemberDescription member = members(admin, group).iterator().next();
      assertTrue(member.groupInstanceId().isPresent(), "a static member: " + member);
      assertEquals(2, member.assignment().topicPartitions().size(), member.toString());

      // The member's last heartbeat was at most 3 s ago, so without a leave it expires 7-10 s from now.
      long closing = System.nanoTime();
      detector.close();
      detector = null;
      Duration closeTook = Duration.ofNanos(System.nanoTime() - closing);
      assertTrue(members(admin, group).isEmpty(), "still a member after close returned (" + closeTook.toMillis() + " ms)");
      assertTrue(closeTook.compareTo(Duration.ofSeconds(6)) < 0, "close took " + closeTook.toMillis()
          + " ms: too long to tell a leave from an expired session");
    } finally {
      if (detector != null) {
        detector.close();
      }
    }
  }
}
