package io.tillwatch.runtime;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Severity;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the engines raised and cleared, in order; safe to read from the test's thread while shards run. */
final class CollectingSink implements FindingSink {
  final List<Finding> raised = new CopyOnWriteArrayList<>();
  final List<FindingKey> cleared = new CopyOnWriteArrayList<>();

  @Override
  public void raised(Finding finding) {
    raised.add(finding);
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    cleared.add(key);
  }

  @Override
  public void severityChanged(FindingKey key, Severity severity, long atMs) {}
}
