package io.tillwatch.bench.engine;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingSink;
import io.tillwatch.engine.Severity;

/** Counts what the engine reports (the task store would deduplicate and persist it elsewhere). */
final class CountingSink implements FindingSink {
  long raised;
  long cleared;
  long severityChanges;

  @Override
  public void raised(Finding finding) {
    raised++;
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    cleared++;
  }

  @Override
  public void severityChanged(FindingKey key, Severity severity, long atMs) {
    severityChanges++;
  }
}
