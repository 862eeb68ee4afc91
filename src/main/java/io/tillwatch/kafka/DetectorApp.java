package io.tillwatch.kafka;

import io.tillwatch.metrics.ClusterMetrics;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector role: a Kafka Streams application whose one processor is {@link PartitionDetector}.
 * Kafka's consumer group decides which detector holds which partition; Kafka Streams moves a
 * partition's state with it (from its changelog, or at once from a standby copy) and commits input
 * positions, state and output in one transaction (exactly-once v2).
 *
 * <p>With bridge topics configured, a second sub-topology ({@link BridgeNormalizer}) validates their
 * records and re-keys them by terminal into the events topic, in the same transactions.
 */
public final class DetectorApp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DetectorApp.class);

  private final KafkaStreams streams;
  private final AutoCloseable meters;
  private final ClusterMetrics metrics;
  private final AtomicLong rebalanceStarted = new AtomicLong();

  private DetectorApp(KafkaStreams streams, ClusterMetrics metrics) {
    this.streams = streams;
    this.metrics = metrics;
    this.meters = metrics.bindStreams(streams);
  }

  public static DetectorApp start(KafkaSettings settings, DetectorRuntime runtime, Path stateDir, String clientId) {
    KafkaStreams streams = new KafkaStreams(topology(settings, runtime), config(settings, stateDir, clientId));
    DetectorApp app = new DetectorApp(streams, runtime.metrics());
    streams.setStateListener(app::stateChanged);
    // A failed task write or a bug in one record must not stop detection for good: the thread is
    // replaced and its partitions resume from their last commit (see BarrierFindings).
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("a detector thread failed; replacing it, its partitions resume from their last commit", e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    streams.start();
    return app;
  }

  static Topology topology(KafkaSettings settings, DetectorRuntime runtime) {
    Topology t = new Topology();
    t.addSource("events", settings.eventsTopic());
    t.addProcessor("detect", () -> new PartitionDetector(runtime), "events");
    // The terminals store's innermost layer holds each commit until the partition's writes to the shared store are done.
    t.addStateStore(Stores.keyValueStoreBuilder(BarrierStore.inMemory(PartitionDetector.TERMINALS, runtime::barrier),
        Serdes.ByteArray(), Serdes.ByteArray()), "detect");
    t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PartitionDetector.SALE_EVENTS),
        Serdes.ByteArray(), Serdes.ByteArray()), "detect");
    if (!settings.bridgeTopics().isEmpty()) {
      BridgeNormalizer.addTo(t, settings, runtime);
    }
    return t;
  }

  static Properties config(KafkaSettings settings, Path stateDir, String clientId) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.CLIENT_ID_CONFIG, clientId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, settings.replication());
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.topicPrefix("min.insync.replicas"), Integer.toString(Math.max(1, settings.replication() - 1)));
    // One thread: the engine is single-threaded per partition and these machines have 2 cores; more
    // partitions per detector cost memory, not threads.
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
    // A detector killed without a goodbye is noticed after the session timeout; Kafka's 45 s default
    // would hold its partitions that long. 10 s, with heartbeats every 3 s.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // Kafka Streams leaves the group on close only as a static member: without an instance id a
    // SIGTERMed detector's partitions wait out the session timeout like a killed one's.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), memberId(stateDir));
    return p;
  }

  /**
   * The detector's static group member id: the same across restarts of one installation (its host and
   * state directory), so a restart within the session timeout takes its partitions back without a
   * rebalance. Two detectors never share a state directory (Kafka Streams locks it), so never an id.
   * Kafka Streams adds the stream thread's number.
   */
  static String memberId(Path stateDir) {
    String runtime = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
    String host = runtime.substring(runtime.indexOf('@') + 1);
    String dir = stateDir.toAbsolutePath().normalize().toString();
    return "tillwatch-" + host + "-" + Integer.toHexString(dir.hashCode());
  }

  private void stateChanged(KafkaStreams.State now, KafkaStreams.State before) {
    LOG.info("detector {} -> {}", before, now);
    if (now == KafkaStreams.State.REBALANCING && before != KafkaStreams.State.REBALANCING) {
      rebalanceStarted.set(System.nanoTime());
      metrics.rebalanceStarted();
    } else if (before == KafkaStreams.State.REBALANCING && now != KafkaStreams.State.REBALANCING) {
      metrics.rebalanceEnded(System.nanoTime() - rebalanceStarted.get());
    }
  }

  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING || streams.state() == KafkaStreams.State.REBALANCING;
  }

  /** Records in the events topic not yet processed by the partitions here (their consumer lag), summed. */
  public double lagRecords() {
    double sum = 0;
    for (var e : streams.metrics().entrySet()) {
      var name = e.getKey();
      if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
          && name.tags().containsKey("partition") && !name.tags().getOrDefault("client-id", "").contains("restore")) {
        Object v = e.getValue().metricValue();
        if (v instanceof Number n && !Double.isNaN(n.doubleValue())) {
          sum += n.doubleValue();
        }
      }
    }
    return sum;
  }

  /**
   * Commits, then leaves the group at once: its partitions move without waiting for the session
   * timeout (Kafka Streams removes a static member through the admin client).
   */
  @Override
  public void close() {
    try {
      meters.close();
    } catch (Exception e) {
      LOG.debug("closing streams meters", e);
    }
    streams.close(new KafkaStreams.CloseOptions().leaveGroup(true).timeout(Duration.ofSeconds(30)));
  }
}
