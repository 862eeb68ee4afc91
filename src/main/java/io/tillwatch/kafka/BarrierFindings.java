package io.tillwatch.kafka;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Severity;
import io.tillwatch.tasks.TaskService;

/**
 * The findings of one partition's engine, passed to the task service; each task write goes to the
 * partition's {@link CommitBarrier}, so the Kafka commit that covers the finding waits until the
 * task is stored.
 */
final class BarrierFindings implements FindingSink {
  private final TaskService tasks;
  private final CommitBarrier barrier;

  BarrierFindings(TaskService tasks, CommitBarrier barrier) {
    this.tasks = tasks;
    this.barrier = barrier;
  }

  @Override
  public void raised(Finding finding) {
    barrier.add(tasks.raise(finding));
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    barrier.add(tasks.clear(key, reason));
  }

  @Override
  public void severityChanged(FindingKey key, Severity severity, long atMs) {
    barrier.add(tasks.severityOf(key, severity));
  }
}
