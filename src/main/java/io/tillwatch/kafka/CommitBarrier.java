package io.tillwatch.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * The writes one partition's processing made outside Kafka (tasks, journal rows) that its next
 * Kafka commit must not get ahead of.
 *
 * <p>Design note: Kafka Streams commits a partition's input position and its state in one
 * transaction, after flushing the partition's state stores. A write still in flight at that moment
 * could be lost by a crash while the committed state says it was made, and nothing would make it
 * again. So the writes are collected here as they are made, and {@link BarrierStore}, the stores'
 * innermost layer, waits for all of them when it is flushed: the commit goes ahead only once every
 * write before it is stored. Processing itself never waits, so a partition keeps its throughput; a
 * write that fails, or takes longer than {@code patience} (the store unreachable), fails the commit
 * and with it the stream thread, which is replaced and resumes from the last commit: the writes are
 * made again, and the dedupe key of tasks (and readers' tolerance of a repeated journal row, as
 * after a QoS 1 resend) makes that harmless.
 */
final class CommitBarrier {
  private final long patienceNanos;
  private final List<CompletableFuture<?>> pending = new ArrayList<>();

  CommitBarrier(Duration patience) {
    this.patienceNanos = patience.toNanos();
  }

  /**
   * A write the next commit waits for. Called on the partition's thread for every journaled event:
   * only appends (a commit every 100 ms bounds the list; sweeping out finished writes here made each
   * add walk all of them).
   */
  synchronized void add(CompletableFuture<?> write) {
    pending.add(write);
  }

  /** Waits for every write added since the last call; throws when one failed or took too long. */
  void await() {
    List<CompletableFuture<?>> writes;
    synchronized (this) {
      writes = new ArrayList<>(pending);
      pending.clear();
    }
    long deadline = System.nanoTime() + patienceNanos;
    try {
      for (CompletableFuture<?> write : writes) {
        write.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamsException("interrupted while waiting for the store before a commit", e);
    } catch (ExecutionException e) {
      throw new StreamsException("a write to the store failed; the partition resumes from its last commit", e.getCause());
    } catch (TimeoutException e) {
      throw new StreamsException("the store did not answer within " + Duration.ofNanos(patienceNanos)
          + "; the partition resumes from its last commit", e);
    }
  }
}
