package io.tillwatch.harness;

import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The crash-safety harness by hand, at the large size (200 SIGKILLs, 50 terminals).
 *
 * <pre>
 *   scripts/crash-harness.sh                       # 200 kills, seed from the clock
 *   scripts/crash-harness.sh --kills=50 --seed=7   # smaller, replayable
 *   scripts/crash-harness.sh --cluster=2,2         # 2 gateways + 2 detectors on Kafka and PostgreSQL, 200 kills
 * </pre>
 *
 * The script builds the jar and the test classes, then runs this class on the test classpath.
 * Options: {@code --kills=N --seed=S --terminals=N --rate=EVENTS_PER_TERMINAL_PER_S
 * --work=DIR --jar=PATH --cluster=GATEWAYS,DETECTORS --brokers=N}. The daemon's data and log stay in the work
 * directory (default {@code target/crash-harness}) for inspection. Exit status 0 when the run passed, 1 otherwise.
 *
 * <p>With {@code --cluster}, the system under test is a cluster ({@link KafkaClusterDaemons}): the
 * gateways and detectors as processes of the jar, on a Kafka of {@code --brokers} nodes (default 1)
 * and a PostgreSQL server (fsync on) that this run starts, each kill hitting a random gateway or
 * detector; one log per process in the work directory.
 *
 * <p>Broker mode will plug in here: a {@link JarDaemon#withTerminalEndpoint} with
 * {@code --ingest.mode=broker --broker.url=...}, terminals connecting to the broker.
 */
public final class CrashHarnessMain {
  private CrashHarnessMain() {}

  public static void main(String[] args) throws Exception {
    long seed = System.currentTimeMillis();
    Integer kills = null;
    Integer terminals = null;
    Double rate = null;
    Path work = Path.of("target/crash-harness");
    Path jar = Path.of("target/tillwatch.jar");
    int[] cluster = null;
    int brokers = 1;
    for (String a : args) {
      String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : "";
      if (a.startsWith("--kills=")) {
        kills = Integer.parseInt(v);
      } else if (a.startsWith("--seed=")) {
        seed = Long.parseLong(v);
      } else if (a.startsWith("--terminals=")) {
        terminals = Integer.parseInt(v);
      } else if (a.startsWith("--rate=")) {
        rate = Double.parseDouble(v);
      } else if (a.startsWith("--work=")) {
        work = Path.of(v);
      } else if (a.startsWith("--jar=")) {
        jar = Path.of(v);
      } else if (a.startsWith("--cluster=")) {
        String[] gd = v.split(",");
        cluster = new int[] {Integer.parseInt(gd[0].trim()), Integer.parseInt(gd[1].trim())};
      } else if (a.startsWith("--brokers=")) {
        brokers = Integer.parseInt(v);
      } else {
        System.err.println("unknown option " + a + "; see the javadoc of " + CrashHarnessMain.class.getName());
        System.exit(2);
      }
    }
    HarnessSettings s = HarnessSettings.large(seed);
    if (kills != null) {
      s = s.withKills(kills);
    }
    if (terminals != null) {
      s = s.withFleet(s.fleet().withTerminals(terminals));
    }
    if (rate != null) {
      s = s.withFleet(s.fleet().withEventsPerSecond(rate));
    }
    Report r;
    if (cluster == null) {
      if (Files.exists(work.resolve("data"))) {
        try (var files = Files.walk(work.resolve("data"))) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      JarDaemon daemon = CrashHarness.embeddedDaemon(s, jar, work);
      System.out.printf("crash harness: seed %d, %d kills, %d terminals at %.1f events/s, work dir %s%n", seed, s.kills(),
          s.fleet().terminals(), s.fleet().eventsPerSecond(), work.toAbsolutePath());
      r = new CrashHarness(s, daemon, daemon.log(), System.out::println).run();
    } else {
      r = runCluster(s, jar, work, cluster[0], cluster[1], brokers);
    }
    System.out.println(r.render());
    System.exit(r.failures.isEmpty() ? 0 : 1);
  }

  private static Report runCluster(HarnessSettings s, Path jar, Path work, int gateways, int detectors, int brokers)
      throws Exception {
    Path dir = work.resolve("cluster-" + System.currentTimeMillis());
    Files.createDirectories(dir);
    System.out.printf("crash harness (cluster): seed %d, %d kills of %d gateways and %d detectors, %d Kafka brokers, "
        + "%d terminals at %.1f events/s, work dir %s%n", s.seed(), s.kills(), gateways, detectors, brokers,
        s.fleet().terminals(), s.fleet().eventsPerSecond(), dir.toAbsolutePath());
    try (KafkaCluster kafka = KafkaCluster.start(brokers); PostgresServer pg = PostgresServer.start(true)) {
      KafkaClusterDaemons daemons = KafkaClusterDaemons.forHarness(dir, jar, kafka, pg.newDatabase(), gateways, detectors, s,
          Set.of(KafkaClusterDaemons.Role.GATEWAY, KafkaClusterDaemons.Role.DETECTOR));
      Report r = new CrashHarness(s, daemons, daemons::logs, System.out::println).run();
      System.out.println("killed, in order: " + daemons.killed());
      return r;
    }
  }
}
