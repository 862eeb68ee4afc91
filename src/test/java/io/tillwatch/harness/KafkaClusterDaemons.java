package io.tillwatch.harness;

import io.tillwatch.testsupport.KafkaCluster;
import io.tillwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A TillWatch cluster seen by the harness as one system under test: gateways ({@code role=gateway},
 * the terminals' MQTT endpoints, producing to Kafka) and detectors ({@code role=detector}, one Kafka
 * Streams consumer group) as processes of the jar, all on one PostgreSQL database and one Kafka
 * cluster. Terminals get every gateway's endpoint and fail over between them. A kill takes down ONE
 * running process of the kinds named killable, drawn by a seeded random draw; a launch starts every
 * process that is down. Acknowledged events are looked for in the events topic, since that is what
 * a gateway's PUBACK promises.
 */
final class KafkaClusterDaemons implements Daemon {
  enum Role {
    GATEWAY, DETECTOR;

    String setting() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One process of the cluster. */
  record Member(Role role, int index, JarDaemon process, Path log) {
    String name() {
      return role.setting() + "-" + index;
    }
  }

  private static final int PARTITIONS = 12;

  private final Path dir;
  private final Path jar;
  private final List<String> settings;
  private final String jdbcUrl;
  private final String storeUrl;
  private final KafkaCluster kafka;
  private final String eventsTopic;
  private final String applicationId;
  private final Set<Role> killable;
  private final Random pick;
  private final List<Member> members = new ArrayList<>();
  private final List<Member> launched = new ArrayList<>();
  private final List<String> killed = new ArrayList<>();

  /**
   * @param prefix   names this cluster's topics and consumer group, so that clusters on one Kafka keep apart
   * @param settings detection and other settings every process gets, after the cluster's own
   * @param killable the kinds of process {@link #kill9} chooses from
   */
  KafkaClusterDaemons(Path dir, Path jar, KafkaCluster kafka, String jdbcUrl, String prefix, int gateways, int detectors,
      List<String> settings, long seed, Set<Role> killable) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.jar = jar;
    this.kafka = kafka;
    this.jdbcUrl = jdbcUrl;
    this.eventsTopic = prefix + ".events";
    this.applicationId = prefix + "-detector";
    this.killable = Set.copyOf(killable);
    this.pick = new Random(seed ^ 0xCAFEL);
    List<String> s = new ArrayList<>(List.of("--kafka.bootstrap=" + kafka.bootstrapServers(),
        "--kafka.topic.events=" + eventsTopic, "--kafka.topic.commands=" + prefix + ".commands",
        "--kafka.application-id=" + applicationId, "--kafka.partitions=" + PARTITIONS,
        "--kafka.replication=" + Math.min(3, kafka.size()), "--kafka.standby-replicas=1",
        // Ticks close behind the wall clock: findings fall due a deadline after the event, not seconds later.
        "--kafka.tick=200ms", "--kafka.tick-lag=500ms"));
    s.addAll(settings);
    this.settings = List.copyOf(s);
    for (int i = 0; i < gateways; i++) {
      members.add(newMember(Role.GATEWAY, i));
    }
    for (int i = 0; i < detectors; i++) {
      members.add(newMember(Role.DETECTOR, i));
    }
    this.storeUrl = members.get(0).process().storeUrl();
  }

  /** A cluster running the harness's detection settings, with a fresh prefix for its topics and group. */
  static KafkaClusterDaemons forHarness(Path dir, Path jar, KafkaCluster kafka, String jdbcUrl, int gateways, int detectors,
      HarnessSettings harness, Set<Role> killable) throws IOException {
    List<String> s = new ArrayList<>(harness.detectionSettings());
    s.addAll(harness.daemonSettings());
    return new KafkaClusterDaemons(dir, jar, kafka, jdbcUrl, "tw-harness-" + Long.toHexString(System.nanoTime()), gateways,
        detectors, s, harness.seed(), killable);
  }

  private Member newMember(Role role, int index) throws IOException {
    Path log = dir.resolve(role.setting() + "-" + index + ".log");
    List<String> s = new ArrayList<>(settings);
    s.add("--role=" + role.setting());
    JarDaemon d = JarDaemon.embedded(jar, dir.resolve(role.setting() + "-" + index), log, CrashHarness.freePort(),
        CrashHarness.freePort(), s).withPostgres(jdbcUrl, PostgresServer.USER);
    return new Member(role, index, d, log);
  }

  /** Every process's log, those of detectors added so far included. */
  synchronized List<Path> logs() {
    return members.stream().map(Member::log).toList();
  }

  /** Copies every process's log to {@code where}. */
  void keepLogs(Path where) throws IOException {
    Files.createDirectories(where);
    for (Path log : logs()) {
      if (Files.exists(log)) {
        Files.copy(log, where.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  String eventsTopic() {
    return eventsTopic;
  }

  String applicationId() {
    return applicationId;
  }

  KafkaCluster kafka() {
    return kafka;
  }

  synchronized List<Member> members() {
    return List.copyOf(members);
  }

  @Override
  public String terminalEndpoint() {
    return members.stream().filter(m -> m.role() == Role.GATEWAY).map(m -> m.process().terminalEndpoint())
        .collect(Collectors.joining(","));
  }

  /** The API of the first process running (a gateway, if one is); every instance lists the same tasks from the shared store. */
  @Override
  public String httpBase() {
    return members().stream().filter(m -> m.process().alive()).findFirst().orElse(members.get(0)).process().httpBase();
  }

  @Override
  public String storeUrl() {
    return storeUrl;
  }

  @Override
  public StoredEvents storedEvents() {
    return new KafkaTopicEvents(kafka.bootstrapServers(), eventsTopic);
  }

  /**
   * The slowest partition clock of the cluster, read from the detectors' metrics: each detector's
   * wall clock minus its {@code tillwatch_detector_clock_lag_seconds} (its slowest partition). A
   * partition waits for every live gateway's watermark, and for a killed gateway's until it is
   * stale, so after a gateway kill this stands still for up to {@code kafka.produce-timeout}.
   * {@link Instant#EPOCH} while not every partition is being detected (a rebalance or a restore).
   */
  @Override
  public Instant detectionClock() throws Exception {
    Instant slowest = Instant.MAX;
    int partitions = 0;
    for (Member m : members()) {
      if (m.role() != Role.DETECTOR || !m.process().alive()) {
        continue;
      }
      Instant asked = Instant.now(); // before the detector reads its clock: a lower bound of its clock
      String metrics = new HarnessApi(m.process().httpBase()).body("/metrics");
      partitions += (int) gauge(metrics, "tillwatch_detector_partitions");
      slowest = min(slowest, asked.minusMillis((long) (gauge(metrics, "tillwatch_detector_clock_lag_seconds") * 1000)));
    }
    return partitions == PARTITIONS ? slowest : Instant.EPOCH;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static double gauge(String exposition, String name) {
    return exposition.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{")).findFirst()
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .orElseThrow(() -> new IllegalStateException(name + " is not exposed"));
  }

  @Override
  public synchronized void launch() throws Exception {
    launched.clear();
    for (Member m : members) {
      if (!m.process().alive()) {
        m.process().launch();
        launched.add(m);
      }
    }
  }

  /** Waits for every process; returns the slowest restart-to-ready of those the last launch started. */
  @Override
  public long awaitReady(Duration atMost) {
    long slowest = 0;
    for (Member m : members()) {
      long ms = m.process().awaitReady(atMost);
      if (launched.contains(m)) {
        slowest = Math.max(slowest, ms);
      }
    }
    return slowest;
  }

  /** SIGKILLs one running process of the killable kinds, drawn at random. */
  @Override
  public void kill9() throws InterruptedException {
    List<Member> running = members().stream().filter(m -> killable.contains(m.role()) && m.process().alive()).toList();
    if (!running.isEmpty()) {
      Member m = running.get(pick.nextInt(running.size()));
      m.process().kill9();
      noteKill(m);
    }
  }

  private synchronized void noteKill(Member m) {
    killed.add(m.name());
  }

  /** The processes SIGKILLed so far, in order, by name ({@code gateway-0}, {@code detector-1}, ...). */
  synchronized List<String> killed() {
    return List.copyOf(killed);
  }

  /** SIGKILLs the {@code index}-th process of a kind. */
  Member kill9(Role role, int index) throws InterruptedException {
    Member m = members().stream().filter(x -> x.role() == role && x.index() == index).findFirst().orElseThrow();
    m.process().kill9();
    noteKill(m);
    return m;
  }

  /** Starts one more detector (it joins the consumer group); returns once it is ready. */
  Member addDetector(Duration atMost) throws Exception {
    Member m;
    synchronized (this) {
      int index = (int) members.stream().filter(x -> x.role() == Role.DETECTOR).count();
      m = newMember(Role.DETECTOR, index);
      members.add(m);
    }
    m.process().launch();
    m.process().awaitReady(atMost);
    return m;
  }

  /**
   * SIGTERM to every running process, gateways first (they send what they hold to Kafka); the first
   * non-zero exit status, or 0. A process a test killed and left dead is not asked again.
   */
  @Override
  public int terminate() throws InterruptedException {
    int status = 0;
    for (Member m : members()) {
      if (!m.process().alive()) {
        continue;
      }
      int s = m.process().terminate();
      if (status == 0) {
        status = s;
      }
    }
    return status;
  }

  @Override
  public boolean alive() {
    return members().stream().allMatch(m -> m.process().alive());
  }

  @Override
  public void close() {
    members().forEach(m -> m.process().close());
  }
}
