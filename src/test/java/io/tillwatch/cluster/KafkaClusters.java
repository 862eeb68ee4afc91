package io.tillwatch.cluster;

import io.tillwatch.testsupport.KafkaCluster;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Settings of a daemon in a cluster role on the test Kafka and a shared PostgreSQL database. */
final class KafkaClusters {
  private static final AtomicInteger NAMES = new AtomicInteger();

  private KafkaClusters() {}

  /** A fresh prefix for topics and the application id: each test's cluster is its own. */
  static String newPrefix(String test) {
    return "tw-" + test + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime() & 0xffffff);
  }

  /** {@code role} on {@code kafka} with topics and group named by {@code prefix}, deadlines of the fast settings. */
  static Map<String, String> role(String role, KafkaCluster kafka, String prefix, String storeUrl, int partitions) {
    Map<String, String> s = new HashMap<>(TwoInstancesTest.sharedStore(storeUrl, io.tillwatch.e2e.InProcessDaemon.FAST));
    s.put("role", role);
    s.put("kafka.bootstrap", kafka.bootstrapServers());
    s.put("kafka.topic.events", prefix + ".events");
    s.put("kafka.topic.commands", prefix + ".commands");
    s.put("kafka.application-id", prefix + "-detector");
    s.put("kafka.partitions", Integer.toString(partitions));
    s.put("kafka.replication", Integer.toString(Math.min(3, kafka.size())));
    s.put("kafka.standby-replicas", "0");
    s.put("kafka.tick", "100ms");
    s.put("kafka.tick-lag", "300ms");
    return s;
  }
}
