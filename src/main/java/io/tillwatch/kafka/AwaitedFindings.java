package io.tillwatch.kafka;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.TaskService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;

/**
 * The findings of one partition's engine, passed to the task service and then waited for.
 *
 * <p>Design note: Kafka Streams commits a partition's input position together with its state, after
 * the processor returned. A task write still in flight at that moment could be lost by a crash while
 * the committed state says the finding was raised, and a restore would never raise it again. So the
 * processor waits here, after each record, until every task write the record caused is stored.
 * Findings are rare next to events, so the wait costs little; while the task store is unreachable it
 * holds the partition (its lag grows and alerts) rather than acknowledging findings it could lose.
 * A write that fails or takes longer than {@code patience} fails the stream thread, which is replaced
 * and resumes from the last commit: every change is then made again, and the store's dedupe key makes
 * that harmless.
 */
final class AwaitedFindings implements FindingSink {
  private final TaskService tasks;
  private final long patienceNanos;
  private final List<CompletableFuture<Void>> pending = new ArrayList<>();

  AwaitedFindings(TaskService tasks, Duration patience) {
    this.tasks = tasks;
    this.patienceNanos = patience.toNanos();
  }

  @Override
  public void raised(Finding finding) {
    pending.add(tasks.raise(finding));
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    pending.add(tasks.clear(key, reason));
  }

  @Override
  public void severityChanged(FindingKey key, Severity severity, long atMs) {
    pending.add(tasks.severityOf(key, severity));
  }

  /** Waits until every task write since the last call is stored; throws when one failed or took too long. */
  void awaitStored() {
    if (pending.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + patienceNanos;
    try {
      for (CompletableFuture<Void> write : pending) {
        write.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamsException("interrupted while storing tasks", e);
    } catch (ExecutionException e) {
      throw new StreamsException("a task could not be stored; the partition resumes from its last commit", e.getCause());
    } catch (TimeoutException e) {
      throw new StreamsException("the task store did not answer within " + Duration.ofNanos(patienceNanos)
          + "; the partition resumes from its last commit", e);
    } finally {
      pending.clear();
    }
  }
}
