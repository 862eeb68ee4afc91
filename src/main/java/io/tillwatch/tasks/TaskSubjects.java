package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKey;
import java.time.Instant;

/**
 * Terminal-level subjects for people. The subject is a task's stable identity
 * ({@code silent@<ms>}, {@code backlog@<ms>}, {@code seq:<first>-<last>}, see docs/telemetry.md) and
 * stays on the wire as it is; this reads the time or the seq range out of it.
 */
final class TaskSubjects {
  private TaskSubjects() {}

  /** When a silence was last heard from or a backlog began; -1 for other subjects. */
  static long sinceMs(FindingKey key) {
    if (key.kind().perSale()) {
      return -1;
    }
    String s = key.subject();
    int at = s.indexOf('@');
    if (at <= 0 || at == s.length() - 1) {
      return -1;
    }
    try {
      return Long.parseLong(s.substring(at + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** "silent since 2026-12-01T02:00:00Z", "backlog since ...", "seqs 7-8 missing"; the txn for a sale. */
  static String text(FindingKey key) {
    long since = sinceMs(key);
    String s = key.subject();
    if (since >= 0) {
      return s.substring(0, s.indexOf('@')) + " since " + Instant.ofEpochMilli(since);
    }
    if (!key.kind().perSale() && s.startsWith("seq:")) {
      String range = s.substring(4);
      return (range.contains("-") ? "seqs " : "seq ") + range + " missing";
    }
    return s;
  }
}
