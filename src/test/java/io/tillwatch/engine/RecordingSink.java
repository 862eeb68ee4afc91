package io.tillwatch.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A sink that deduplicates like the task store does and remembers everything it was told. */
final class RecordingSink implements FindingSink {
  final List<Finding> raised = new ArrayList<>();
  final List<FindingKey> cleared = new ArrayList<>();
  final List<String> severityChanges = new ArrayList<>();
  final Map<String, Finding> open = new LinkedHashMap<>();
  final Map<String, Severity> severity = new LinkedHashMap<>();

  @Override
  public void raised(Finding f) {
    raised.add(f);
    open.putIfAbsent(f.key().asString(), f);
    severity.putIfAbsent(f.key().asString(), f.severity());
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    cleared.add(key);
    open.remove(key.asString());
  }

  @Override
  public void severityChanged(FindingKey key, Severity s, long atMs) {
    severityChanges.add(key.kind() + ":" + s);
    severity.put(key.asString(), s);
  }

  /** Open findings as "KIND:subject". */
  Set<String> openSet() {
    Set<String> out = new TreeSet<>();
    for (Finding f : open.values()) {
      out.add(f.kind() + ":" + f.key().subject());
    }
    return out;
  }

  Finding last(FindingKind kind) {
    for (int i = raised.size() - 1; i >= 0; i--) {
      if (raised.get(i).kind() == kind) {
        return raised.get(i);
      }
    }
    return null;
  }

  long count(FindingKind kind) {
    return raised.stream().filter(f -> f.kind() == kind).count();
  }
}
