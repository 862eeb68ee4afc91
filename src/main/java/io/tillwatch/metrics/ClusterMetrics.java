package io.tillwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.tillwatch.telemetry.RejectReason;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The cluster roles' meters (docs/metrics.md, "Cluster roles (gateway, detector)"): the gateway's
 * produce latency and failures, the detector's rebalances, restores, late events, bridge records
 * refused, clock lag, consumer lag and partitions; and Micrometer's Kafka binders for the clients.
 * Only cluster roles create it, so an embedded instance exposes none of these families and the
 * cluster alerts, which read nothing else, stay silent there. Every counter is registered at 0 for
 * every label value up front, as in {@link TillWatchMetrics}, so {@code increase()} sees the first
 * failure.
 *
 * <p>Kafka's clients report some meters per partition ({@code records-lag}, {@code records-lag-max}
 * with topic and partition) and Kafka Streams per task, which is a partition of a sub-topology: with
 * 12 or 96 partitions moving between instances on every rebalance, those are hundreds of series per
 * instance that come and go. They are kept out twice. The binders only see a client's metrics with
 * those left out ({@link #perPartition(MetricName)}): Micrometer's binder drops a client-level meter
 * once a meter of the same name with more tags appears (Prometheus wants one set of label names per
 * family), so with per-partition metrics in sight the client-level {@code records-lag-max} would be
 * removed even if the registry refused the per-partition ones. And the registry refuses any
 * {@code kafka_} meter with a partition or task label ({@link #NO_PER_PARTITION_METERS}), whoever
 * binds it.
 */
public final class ClusterMetrics {
  private static final String P = TillWatchMetrics.PREFIX;

  /** Kafka metric tags (as Micrometer writes them: dots for Kafka's hyphens) that name a partition. */
  private static final Set<String> PARTITION_TAGS = Set.of("partition", "task.id");

  /** Refuses Kafka client meters per partition or per Streams task (label explosion); client-level ones pass. */
  static final MeterFilter NO_PER_PARTITION_METERS = MeterFilter.deny(ClusterMetrics::perPartition);

  /**
   * Installs {@link #NO_PER_PARTITION_METERS} on a registry. Call it before the first meter is
   * registered (Micrometer applies a filter only to meters registered after it, and warns otherwise):
   * the daemon does so when it creates its registry, whatever its role.
   */
  public static void refusePerPartitionMeters(MeterRegistry registry) {
    registry.config().meterFilter(NO_PER_PARTITION_METERS);
  }

  /** The {@code error} label of {@code tillwatch_gateway_produce_failures_total}. */
  enum ProduceError {
    TIMEOUT, NOT_ENOUGH_REPLICAS, AUTHORIZATION, OTHER;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final Timer produce;
  private final EnumMap<ProduceError, Counter> produceFailures = new EnumMap<>(ProduceError.class);
  private final Counter rebalances;
  private final AtomicInteger rebalancing = new AtomicInteger();
  private final Timer rebalance;
  private final Counter restores;
  private final Counter restoredEvents;
  private final Timer restore;
  private final Counter lateEvents;
  private final EnumMap<RejectReason, Counter> bridgeRejected = new EnumMap<>(RejectReason.class);

  public ClusterMetrics(MeterRegistry registry) {
    this.registry = registry;
    // The ingest latency's range: a gateway acknowledges a terminal's message once Kafka has it.
    produce = timer("gateway.produce", "From a gateway handing a message to its Kafka producer to the brokers' "
        + "acknowledgement (acks=all)", Duration.ofNanos(100_000), Duration.ofSeconds(10));
    for (ProduceError e : ProduceError.values()) {
      produceFailures.put(e, Counter.builder(P + "gateway.produce.failures").tag("error", e.label())
          .description("Messages a gateway could not write to Kafka (not acknowledged to the terminal), by cause")
          .register(registry));
    }
    rebalances = Counter.builder(P + "detector.rebalances")
        .description("Consumer group rebalances the detector took part in (partitions moved between instances)")
        .register(registry);
    Gauge.builder(P + "detector.rebalancing", rebalancing, AtomicInteger::get)
        .description("1 while the detector is rebalancing (its partitions are not all being processed), else 0")
        .strongReference(true).register(registry);
    rebalance = timer("detector.rebalance", "How long each rebalance kept the detector from processing, from its start "
        + "to running again", Duration.ofMillis(10), Duration.ofMinutes(10));
    restores = Counter.builder(P + "detector.restores")
        .description("Partitions whose detection state was rebuilt from their changelog (taken over, or after a restart)")
        .register(registry);
    restoredEvents = Counter.builder(P + "detector.restored.events")
        .description("Events replayed into detection state by restores").register(registry);
    restore = timer("detector.restore", "How long rebuilding one partition's detection state took",
        Duration.ofMillis(10), Duration.ofMinutes(30));
    lateEvents = Counter.builder(P + "detector.late.events")
        .description("Events that reached the detector after their partition's clock had passed their receive time")
        .register(registry);
    for (RejectReason r : RejectReason.values()) {
      bridgeRejected.put(r, Counter.builder(P + "detector.bridge.rejected").tag("reason", r.label())
          .description("Records on the bridge topics the detector could not read as an MQTT message, or whose message "
              + "breaks the telemetry contract").register(registry));
    }
  }

  private Timer timer(String name, String description, Duration min, Duration max) {
    return Timer.builder(P + name).description(description)
        .publishPercentileHistogram().minimumExpectedValue(min).maximumExpectedValue(max).register(registry);
  }

  // ---- gateway ---------------------------------------------------------------------------------

  /** A record written: {@code nanos} from send to the brokers' acknowledgement. */
  public void produced(long nanos) {
    produce.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** A record not written; {@code cause} as the producer's callback or future gave it. */
  public void produceFailed(Throwable cause) {
    produceFailures.get(classify(cause)).increment();
  }

  static ProduceError classify(Throwable cause) {
    Throwable t = cause;
    // Futures wrap the producer's exception; the wrapper says nothing about the cause.
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    // The producer's delivery.timeout.ms and a gateway's own wait (kafka.produce-timeout) mean the same.
    if (t instanceof TimeoutException || t instanceof java.util.concurrent.TimeoutException) {
      return ProduceError.TIMEOUT;
    }
    if (t instanceof NotEnoughReplicasException || t instanceof NotEnoughReplicasAfterAppendException) {
      return ProduceError.NOT_ENOUGH_REPLICAS;
    }
    if (t instanceof AuthorizationException || t instanceof AuthenticationException) {
      return ProduceError.AUTHORIZATION;
    }
    return ProduceError.OTHER;
  }

  // ---- detector --------------------------------------------------------------------------------

  public void rebalanceStarted() {
    rebalances.increment();
    rebalancing.set(1);
  }

  public void rebalanceEnded(long nanos) {
    rebalancing.set(0);
    rebalance.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** One partition's detection state rebuilt: {@code events} replayed in {@code nanos}. */
  public void restored(long events, long nanos) {
    restores.increment();
    restoredEvents.increment(Math.max(0, events));
    restore.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  public void lateEvent() {
    lateEvents.increment();
  }

  public void bridgeRejected(RejectReason reason) {
    bridgeRejected.get(reason).increment();
  }

  /** Binds the detector's gauges; call once. Strong references: the suppliers are lambdas only the registry holds. */
  public void bindDetector(DoubleSupplier clockLagSeconds, DoubleSupplier lagRecords, IntSupplier partitions) {
    Gauge.builder(P + "detector.clock.lag", clockLagSeconds, DoubleSupplier::getAsDouble).baseUnit("seconds")
        .description("How far the detector's clock (advanced by ticks) is behind the wall clock, over its partitions")
        .strongReference(true).register(registry);
    Gauge.builder(P + "detector.lag.records", lagRecords, DoubleSupplier::getAsDouble)
        .description("Records on the detector's partitions not yet processed (consumer lag)")
        .strongReference(true).register(registry);
    Gauge.builder(P + "detector.partitions", partitions, IntSupplier::getAsInt)
        .description("Partitions of the events topic this instance detects on (active tasks)")
        .strongReference(true).register(registry);
  }

  // ---- Kafka clients' own meters ---------------------------------------------------------------

  /** Micrometer's Kafka binders for a client, without per-partition/per-topic-partition meters (label explosion). */
  public AutoCloseable bindProducer(Producer<?, ?> p) {
    return bind(p::metrics, null, null);
  }

  /**
   * Kafka Streams' meters and those of its consumers and producers. Bound with {@link KafkaClientMetrics}
   * rather than {@code KafkaStreamsMetrics}: the latter takes the {@link KafkaStreams} itself, a class
   * whose {@code metrics()} cannot be filtered, while both are the same binder over a {@code metrics()}
   * map, so the meters are named alike ({@code kafka_stream_*}, {@code kafka_consumer_*}, ...).
   */
  public AutoCloseable bindStreams(KafkaStreams streams) {
    return bind(streams::metrics, null, null);
  }

  /**
   * Binds a client's metrics, those per partition left out. With a {@code scheduler} (the caller's
   * to shut down), the binder looks for new client metrics every {@code refresh} instead of every 60 s.
   */
  AutoCloseable bind(Supplier<Map<MetricName, ? extends Metric>> metrics, ScheduledExecutorService scheduler,
      Duration refresh) {
    // The binder only ever calls metrics(), and it takes a client, not a map: any client type does.
    Consumer<?, ?> source = metricsOnly(metrics);
    KafkaClientMetrics binder = scheduler == null ? new KafkaClientMetrics(source)
        : new KafkaClientMetrics(source, List.of(), scheduler, refresh);
    binder.bindTo(registry);
    return binder;
  }

  /**
   * A client whose {@code metrics()} is {@code source}'s without the per-partition ones, and which
   * does nothing else.
   */
  private static Consumer<?, ?> metricsOnly(Supplier<Map<MetricName, ? extends Metric>> source) {
    InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
      case "metrics" -> withoutPerPartition(source.get());
      case "hashCode" -> System.identityHashCode(proxy);
      case "equals" -> proxy == args[0];
      case "toString" -> "the metrics of a Kafka client, without those per partition";
      default -> throw new UnsupportedOperationException(method.getName() + ": only metrics() is available here");
    };
    return (Consumer<?, ?>) Proxy.newProxyInstance(ClusterMetrics.class.getClassLoader(), new Class<?>[] {Consumer.class},
        handler);
  }

  static Map<MetricName, Metric> withoutPerPartition(Map<MetricName, ? extends Metric> metrics) {
    Map<MetricName, Metric> kept = new HashMap<>();
    metrics.forEach((name, metric) -> {
      if (!perPartition(name)) {
        kept.put(name, metric);
      }
    });
    return kept;
  }

  static boolean perPartition(MetricName name) {
    return name.tags().keySet().stream().anyMatch(k -> PARTITION_TAGS.contains(k.replace('-', '.')));
  }

  static boolean perPartition(Meter.Id id) {
    return id.getName().startsWith("kafka.") && id.getTags().stream().anyMatch(t -> PARTITION_TAGS.contains(t.getKey()));
  }
}
