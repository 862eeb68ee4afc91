package io.tillwatch.kafka;

import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.engine.EngineStats;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.Liveness;
import io.tillwatch.engine.TerminalFilter;
import io.tillwatch.engine.TerminalList;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.engine.TerminalView;
import io.tillwatch.journal.EventJournal;
import io.tillwatch.metrics.ClusterMetrics;
import io.tillwatch.runtime.UncheckedSalesLog;
import io.tillwatch.tasks.TaskService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.processor.TaskId;

/**
 * What the partitions a detector holds share: settings, the task service, metrics, and the set of
 * partitions currently here, through which the HTTP API reads terminals and the gauges read counts.
 * A partition joins when Kafka Streams hands it to this process (after its state is restored) and
 * leaves when it is taken away.
 */
public final class DetectorRuntime implements TerminalQueries {
  /** A read queued to a partition that left before answering is given up after this. */
  private static final long READ_WAIT_SECONDS = 5;
  /** The longest a commit waits for the shared store before the partition starts over from its last commit. */
  private static final Duration STORE_PATIENCE = Duration.ofSeconds(60);
  private final DetectionSettings detection;
  private final TaskService tasks;
  private final ClusterMetrics metrics;
  private final Duration stateRetention;
  private final Duration watermarkStaleAfter;
  private final int maxPayloadBytes;
  private final int partitions;
  private final Clock clock;
  private final Map<Integer, PartitionDetector> here = new ConcurrentHashMap<>();
  private final Map<TaskId, CommitBarrier> barriers = new ConcurrentHashMap<>();
  private final EventJournal journal;
  private final UncheckedSalesLog unchecked;
  /**
   * Unchecked events counted by partitions that have left: their metric is a counter, which must not
   * go down when a partition moves (a drop reads as a restart, and the alert would take what is left
   * for new events). The instance taking the partition over rebuilds it without counting again.
   */
  private final java.util.concurrent.atomic.AtomicLong uncheckedOfDeparted = new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param journal where the events detected here are journaled for the task timeline and bill
   *                reconciliation (the shared store's journal)
   * @param unchecked where the partitions name a terminal whose new sales they do not check
   */
  public DetectorRuntime(DetectionSettings detection, TaskService tasks, EventJournal journal, ClusterMetrics metrics,
      Duration stateRetention, Duration watermarkStaleAfter, int maxPayloadBytes, int partitions, Clock clock,
      UncheckedSalesLog unchecked) {
    this.detection = detection;
    this.journal = journal;
    this.unchecked = unchecked;
    this.tasks = tasks;
    this.metrics = metrics;
    this.stateRetention = stateRetention;
    this.watermarkStaleAfter = watermarkStaleAfter;
    this.maxPayloadBytes = maxPayloadBytes;
    this.partitions = partitions;
    this.clock = clock;
  }

  DetectionSettings detection() {
    return detection;
  }

  TaskService tasks() {
    return tasks;
  }

  EventJournal journal() {
    return journal;
  }

  UncheckedSalesLog unchecked() {
    return unchecked;
  }

  /** The barrier of a partition's task, shared by its processor and its stores (one per task, for its life here). */
  CommitBarrier barrier(TaskId task) {
    return barriers.computeIfAbsent(task, t -> new CommitBarrier(STORE_PATIENCE));
  }

  ClusterMetrics metrics() {
    return metrics;
  }

  Duration stateRetention() {
    return stateRetention;
  }

  /** How long a gateway's watermark holds a partition's clock after the gateway stopped ticking. */
  Duration watermarkStaleAfter() {
    return watermarkStaleAfter;
  }

  /** Pruning runs a tenth of the retention apart, at most every 10 minutes. */
  Duration pruneInterval() {
    Duration tenth = stateRetention.dividedBy(10);
    return tenth.compareTo(Duration.ofMinutes(10)) > 0 ? Duration.ofMinutes(10) : tenth;
  }

  int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  void attach(int partition, PartitionDetector detector) {
    here.put(partition, detector);
  }

  void detach(int partition, PartitionDetector detector) {
    if (here.remove(partition, detector)) {
      EngineStats last = detector.stats();
      if (last != null) {
        uncheckedOfDeparted.addAndGet(last.uncheckedEvents());
      }
    }
  }

  /** Whether a terminal's partition is detected here now. */
  public boolean owns(String merchant, String terminal) {
    return here.containsKey(EventRecords.partitionOf(merchant, terminal, partitions));
  }

  /** The partitions detected here now. */
  public int partitionsHere() {
    return here.size();
  }

  /** How far the slowest partition here is behind the wall clock, in seconds (0 when none is here). */
  public double clockLagSeconds() {
    long now = clock.millis();
    long worst = 0;
    for (PartitionDetector p : here.values()) {
      long c = p.clockMs();
      if (c > 0) {
        worst = Math.max(worst, now - c);
      }
    }
    return worst / 1000.0;
  }

  /** The engine counts of the partitions here, each at most a second old. */
  public EngineStats stats() {
    List<EngineStats> each = new ArrayList<>();
    for (PartitionDetector p : here.values()) {
      EngineStats s = p.stats();
      if (s != null) {
        each.add(s);
      }
    }
    EngineStats sum = EngineStats.sum(each);
    long departed = uncheckedOfDeparted.get();
    return departed == 0 ? sum : sum.withUncheckedEvents(sum.uncheckedEvents() + departed);
  }

  /** The task of a terminal-level finding is resolved: see {@link PartitionDetector#taskResolved}. From any thread. */
  public void taskResolved(FindingKey key) {
    PartitionDetector p = here.get(EventRecords.partitionOf(key.merchant(), key.terminal(), partitions));
    if (p != null) {
      p.taskResolved(key);
    }
  }

  @Override
  public CompletionStage<Optional<TerminalView>> terminal(String merchant, String terminal) {
    PartitionDetector p = here.get(EventRecords.partitionOf(merchant, terminal, partitions));
    return p == null ? CompletableFuture.completedFuture(Optional.empty()) : p.terminal(merchant, terminal).orTimeout(READ_WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public CompletionStage<TerminalList> terminals(TerminalFilter filter, int limit) {
    List<CompletableFuture<TerminalList>> parts = new ArrayList<>();
    for (PartitionDetector p : here.values()) {
      parts.add(p.terminals(filter, limit).orTimeout(READ_WAIT_SECONDS, TimeUnit.SECONDS));
    }
    return TerminalList.gather(parts, limit);
  }

  @Override
  public Map<Liveness, Long> terminalsByLiveness() {
    return stats().terminalsByLiveness();
  }
}
