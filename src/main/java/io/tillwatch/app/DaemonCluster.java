package io.tillwatch.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import io.tillwatch.commands.CommandChannel;
import io.tillwatch.commands.CommandService;
import io.tillwatch.engine.EngineStats;
import io.tillwatch.engine.NoTerminals;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.ingest.TelemetrySink;
import io.tillwatch.journal.EventJournal;
import io.tillwatch.kafka.ClusterTopics;
import io.tillwatch.kafka.CommandFollower;
import io.tillwatch.kafka.CommandTopic;
import io.tillwatch.kafka.DetectorApp;
import io.tillwatch.kafka.DetectorRuntime;
import io.tillwatch.kafka.GatewaySink;
import io.tillwatch.kafka.KafkaSettings;
import io.tillwatch.kafka.TickWriter;
import io.tillwatch.metrics.ClusterMetrics;
import io.tillwatch.runtime.TerminalOwnership;
import io.tillwatch.tasks.TaskService;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The Kafka parts of the cluster roles, started and stopped as one: a gateway's producer, a
 * detector's Kafka Streams application, and the tick writer every role has. The daemon asks it where accepted
 * telemetry goes and who answers terminal reads; everything else (store, tasks, API) is the same in
 * every role.
 */
final class DaemonCluster implements AutoCloseable {
  private final KafkaSettings settings;
  private final String instance;
  private final GatewaySink gateway;
  private CommandFollower commandFollower;
  private CommandTopic commandTopic;
  private final DetectorRuntime runtime;
  private final DetectorApp detector;
  private final TickWriter ticks;

  private DaemonCluster(KafkaSettings settings, String instance, GatewaySink gateway, DetectorRuntime runtime,
      DetectorApp detector, TickWriter ticks) {
    this.settings = settings;
    this.instance = instance;
    this.gateway = gateway;
    this.runtime = runtime;
    this.detector = detector;
    this.ticks = ticks;
  }

  static boolean gatewayRole(Config config) {
    return List.of("gateway", "all").contains(config.get(Keys.ROLE));
  }

  static boolean detectorRole(Config config) {
    return List.of("detector", "all").contains(config.get(Keys.ROLE));
  }

  /** Refuses cluster settings that cannot work, before anything opens. */
  static void check(Config config, boolean postgres) {
    String role = config.get(Keys.ROLE);
    if (role.equals("embedded")) {
      return;
    }
    if (!postgres) {
      throw new ConfigException("role=" + role + " needs store=postgres: every gateway and detector shares one task store");
    }
    if (config.get(Keys.KAFKA_BOOTSTRAP).isEmpty()) {
      throw new ConfigException("role=" + role + " needs kafka.bootstrap (host:port of the Kafka brokers)");
    }
    if (config.get(Keys.INGEST_MODE).equals("broker")) {
      throw new ConfigException("ingest.mode=broker is the single process's way to an external broker; in a cluster "
          + "the broker's own Kafka bridge writes kafka.topic.bridge instead (docs/scaling.md)");
    }
  }

  static KafkaSettings settings(Config c) {
    List<String> bridge = Arrays.stream(c.get(Keys.KAFKA_TOPIC_BRIDGE).split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toList();
    return new KafkaSettings(c.get(Keys.KAFKA_BOOTSTRAP), c.get(Keys.KAFKA_TOPIC_EVENTS), c.get(Keys.KAFKA_TOPIC_COMMANDS),
        bridge, c.get(Keys.KAFKA_PARTITIONS), c.get(Keys.KAFKA_REPLICATION), c.get(Keys.KAFKA_TICK), c.get(Keys.KAFKA_TICK_LAG),
        c.get(Keys.KAFKA_STATE_RETENTION), c.get(Keys.KAFKA_STANDBY_REPLICAS), c.get(Keys.KAFKA_APPLICATION_ID),
        c.get(Keys.KAFKA_PRODUCE_TIMEOUT));
  }

  static DaemonCluster start(Config config, TaskService tasks, EventJournal journal, MeterRegistry registry, Clock clock,
      StartedParts opened) {
    KafkaSettings settings = settings(config);
    ClusterMetrics metrics = new ClusterMetrics(registry);
    int partitions = ClusterTopics.ensure(settings);
    String instance = instanceName();
    GatewaySink gateway = null;
    if (gatewayRole(config)) {
      gateway = GatewaySink.open(settings, "tillwatch-gateway-" + instance, metrics, Duration.ofSeconds(60));
      opened.add("Kafka producer", gateway::close);
    }
    DetectorRuntime runtime = null;
    DetectorApp detector = null;
    TickWriter ticks;
    if (detectorRole(config)) {
      runtime = new DetectorRuntime(DaemonSettings.detection(config, settings.stateRetention()), tasks, journal, metrics, settings.stateRetention(),
          settings.watermarkStaleAfter(), config.get(Keys.MQTT_MAX_PAYLOAD), partitions, clock,
          DaemonSettings.uncheckedSalesLog(config));
      Path stateDir = Path.of(config.get(Keys.DATA_DIR), "kafka-streams");
      detector = DetectorApp.start(settings, runtime, stateDir, "tillwatch-detector-" + instance);
      opened.add("Kafka Streams detector", detector::close);
      DetectorApp app = detector;
      DetectorRuntime rt = runtime;
      metrics.bindDetector(rt::clockLagSeconds, app::lagRecords, rt::partitionsHere);
      ResolvedTerminalTasks.wire(tasks, rt::taskResolved);
    }
    // Gateways tick too: their watermarks keep a deadline from firing while one of their messages is still on its way.
    ticks = TickWriter.start(settings, instance, partitions, gateway, clock);
    opened.add("tick writer", ticks::close);
    return new DaemonCluster(settings, instance, gateway, runtime, detector, ticks);
  }

  /** A gateway reads the commands topic: positioned now, read once {@link #startFollowingCommands} is called. */
  void followCommands(CommandService commands, StartedParts opened) {
    if (gateway != null) {
      commandFollower = CommandFollower.positioned(settings, "tillwatch-commands-" + instance, commands::adopt);
      opened.add("commands topic reader", commandFollower::close);
    }
  }

  void startFollowingCommands() {
    if (commandFollower != null) {
      commandFollower.start();
    }
  }

  /** Commands made here are announced to every gateway, then offered to this instance's endpoint ({@code local}). */
  CommandChannel commandChannel(CommandChannel local, StartedParts opened) {
    commandTopic = CommandTopic.open(settings, "tillwatch-command-announcer-" + instance, local, Duration.ofDays(1));
    opened.add("commands topic producer", commandTopic::close);
    return commandTopic;
  }

  /** host-pid: tells the clients of one instance apart in Kafka's logs and metrics. */
  private static String instanceName() {
    return ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
  }

  TelemetrySink gatewaySink() {
    return gateway;
  }

  /** Terminal reads of the API: the partitions detected here; none on a gateway alone. */
  TerminalQueries terminals() {
    return runtime != null ? runtime : NoTerminals.INSTANCE;
  }

  EngineStats stats() {
    return runtime != null ? runtime.stats() : EngineStats.sum(List.of());
  }

  /** The terminals whose overdue tasks this instance notifies about: those of the partitions detected here. */
  TerminalOwnership ownership() {
    return runtime != null ? runtime::owns : (merchant, terminal) -> false;
  }

  boolean detecting() {
    return detector == null || detector.running();
  }

  /** After the MQTT endpoint stopped: sends what the producer still holds and waits for Kafka's answers. */
  void closeGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Override
  public void close() {
    if (commandFollower != null) {
      commandFollower.close();
    }
    if (commandTopic != null) {
      commandTopic.close();
    }
    if (ticks != null) {
      ticks.close();
    }
    if (detector != null) {
      detector.close();
    }
  }
}
