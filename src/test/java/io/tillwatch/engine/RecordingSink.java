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
  /** Raises of a key that was already open: noise the engine promises to avoid. */
  int reRaisedWhileOpen;
  final Set<FindingKind> reRaisedKinds = new TreeSet<>();
  /** Clears of a key that was not open. */
  int clearedUnknown;

  @Override
  public void raised(Finding f) {
    raised.add(f);
    if (open.containsKey(f.key().asString())) {
      reRaisedWhileOpen++;
      reRaisedKinds.add(f.kind());
    }
    open.putIfAbsent(f.key().asString(), f);
    severity.putIfAbsent(f.key().asString(), f.severity());
  }

  @Override
  public void cleared(FindingKey key, long atMs, String reason) {
    cleared.add(key);
    if (open.remove(key.asString()) == null) {
      clearedUnknown++;
    }
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
