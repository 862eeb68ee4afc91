package io.tillwatch.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Real Kafka brokers for tests: KRaft nodes (each broker and controller at once) from Maven
 * Central's Kafka release, each in a JVM of its own on loopback ports, in a temporary directory.
 *
 * <p>The brokers run on a class path of their own ({@code src/test/kafka/pom.xml}, resolved by
 * Maven once per build into {@code target/kafka-broker.cp}): the Kafka release brings the Jackson,
 * Log4j and Scala versions it was built with, which this project's dependency management would
 * pin to others on the test class path. One node for functional tests; three (replication factor
 * 3, {@code min.insync.replicas=2}) for fault tests, where {@link #kill} is a SIGKILL of one node
 * and {@link #restart} brings it back on its data. Everything is stopped when the JVM exits.
 */
public final class KafkaCluster implements AutoCloseable {
  private static final Path CLASS_PATH_FILE = Path.of("target", "kafka-broker.cp");
  private static final Path BROKER_POM = Path.of("src", "test", "kafka", "pom.xml");
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Path dir;
  private final String classPath;
  private final String clusterId = randomClusterId();
  private final List<Node> nodes = new ArrayList<>();

  private record Node(int id, int port, int controllerPort, Path props, Path log, Process[] process) {}

  private KafkaCluster(Path dir, String classPath) {
    this.dir = dir;
    this.classPath = classPath;
  }

  private static KafkaCluster shared;

  /**
   * One broker for the functional tests of this JVM, started by the first that asks and stopped at
   * exit. Tests keep out of each other's way by their own topic names and application ids.
   */
  public static synchronized KafkaCluster shared() {
    if (shared == null) {
      shared = start(1);
    }
    return shared;
  }

  /** {@code size} nodes, formatted and started; returns once the cluster answers. */
  public static KafkaCluster start(int size) {
    try {
      KafkaCluster c = new KafkaCluster(Files.createTempDirectory("tillwatch-kafka-"), brokerClassPath());
      Runtime.getRuntime().addShutdownHook(new Thread(c::close));
      c.create(size);
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code host:port,...} of every node's client listener. */
  public String bootstrapServers() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.port()).collect(Collectors.joining(","));
  }

  public int size() {
    return nodes.size();
  }

  /** Kills node {@code i} (0-based) with SIGKILL, as a crashed machine. */
  public void kill(int i) {
    Process p = nodes.get(i).process()[0];
    p.destroyForcibly();
    try {
      p.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts node {@code i} again on its data and waits until the cluster answers. */
  public void restart(int i) {
    launch(nodes.get(i));
    awaitReady();
  }

  public Admin admin() {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return Admin.create(p);
  }

  /** Copies the nodes' logs into {@code to}: the cluster's own directory goes away at close. */
  public void keepLogs(Path to) {
    try {
      Files.createDirectories(to);
      for (Node n : nodes) {
        if (Files.exists(n.log())) {
          Files.copy(n.log(), to.resolve("kafka-" + n.log().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (Node n : nodes) {
      Process p = n.process()[0];
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
    for (Node n : nodes) {
      try {
        Process p = n.process()[0];
        if (p != null) {
          p.waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp dir
    }
  }

  private void create(int size) throws IOException {
    for (int id = 1; id <= size; id++) {
      nodes.add(new Node(id, freePort(), freePort(), dir.resolve("node-" + id + ".properties"),
          dir.resolve("node-" + id + ".log"), new Process[1]));
    }
    String voters = nodes.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
    int replication = Math.min(3, size);
    for (Node n : nodes) {
      Map<String, String> props = new java.util.LinkedHashMap<>();
      props.put("process.roles", "broker,controller");
      props.put("node.id", Integer.toString(n.id()));
      props.put("controller.quorum.voters", voters);
      props.put("listeners", "PLAINTEXT://127.0.0.1:" + n.port() + ",CONTROLLER://127.0.0.1:" + n.controllerPort());
      props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + n.port());
      props.put("controller.listener.names", "CONTROLLER");
      props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      props.put("inter.broker.listener.name", "PLAINTEXT");
      props.put("log.dirs", dir.resolve("data-" + n.id()).toString());
      props.put("num.partitions", "1");
      props.put("default.replication.factor", Integer.toString(replication));
      props.put("min.insync.replicas", Integer.toString(Math.max(1, replication - 1)));
      props.put("offsets.topic.replication.factor", Integer.toString(replication));
      props.put("transaction.state.log.replication.factor", Integer.toString(replication));
      props.put("transaction.state.log.min.isr", Integer.toString(Math.max(1, replication - 1)));
      props.put("group.initial.rebalance.delay.ms", "0");
      props.put("auto.create.topics.enable", "false");
      Files.writeString(n.props(), props.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("\n", "", "\n")));
      run(List.of(java(), "-cp", classPath, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
          n.props().toString()), dir.resolve("format-" + n.id() + ".log"));
    }
    for (Node n : nodes) {
      launch(n);
    }
    awaitReady();
  }

  private void launch(Node n) {
    try {
      n.process()[0] = new ProcessBuilder(java(), "-Xmx384m", "-XX:+UseSerialGC",
          "-Dlog4j2.configurationFile=" + BROKER_POM.resolveSibling("log4j2.properties").toAbsolutePath(), "-cp", classPath,
          "kafka.Kafka",
          n.props().toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(n.log().toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Until every running node is a registered broker. */
  private void awaitReady() {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    long running = nodes.stream().filter(n -> n.process()[0] != null && n.process()[0].isAlive()).count();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try (Admin admin = admin()) {
        int brokers = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        if (brokers >= running) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      for (Node n : nodes) {
        Process p = n.process()[0];
        if (p != null && !p.isAlive() && p.exitValue() != 137 && p.exitValue() != 0) {
          throw new IllegalStateException("Kafka node " + n.id() + " exited with " + p.exitValue() + ": " + tail(n.log()));
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("Kafka did not answer within " + READY_WITHIN + ": " + last + "\n"
        + nodes.stream().map(n -> tail(n.log())).collect(Collectors.joining("\n")));
  }

  /** The brokers' class path: resolved by Maven from {@link #BROKER_POM} once per build. */
  static synchronized String brokerClassPath() {
    try {
      if (!Files.exists(CLASS_PATH_FILE)
          || Files.getLastModifiedTime(CLASS_PATH_FILE).compareTo(Files.getLastModifiedTime(BROKER_POM)) < 0) {
        Files.createDirectories(CLASS_PATH_FILE.getParent());
        run(List.of("mvn", "-q", "-B", "-ntp", "-f", BROKER_POM.toString(), "dependency:build-classpath",
            "-Dmdep.outputFile=" + CLASS_PATH_FILE.toAbsolutePath()), CLASS_PATH_FILE.resolveSibling("kafka-broker-cp.log"));
      }
      return Files.readString(CLASS_PATH_FILE).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(List<String> command, Path log) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command.get(0) + " ... " + command.get(command.size() - 1));
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + p.exitValue() + "): " + tail(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * A KRaft cluster id: 16 random bytes, URL-safe base64 without padding. Never one that starts with
   * '-': the storage tool would read it as an option (one id in 64 did, and the cluster never started).
   */
  private static String randomClusterId() {
    while (true) {
      UUID u = UUID.randomUUID();
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
      b.putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
      String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
      if (id.charAt(0) != '-') {
        return id;
      }
    }
  }

  private static int freePort() {
    return io.tillwatch.e2e.FreePorts.next(); // never a port another server of this JVM's tests was given
  }
}
