package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * In-memory view of unresolved tasks by dedupe key.
 *
 * <p>Design notes. A finding is entered here the moment it is raised, before its insert commits
 * ({@code pending}), so a late event that clears it a millisecond later still finds it and queues
 * the auto-resolve behind the insert on the store's single writer (which keeps order). The index
 * also spares the database a write for every repeated raise (recovery re-raises every open
 * finding). It holds only unresolved tasks, so it is bounded by the open work, and it feeds the
 * open-task gauges without a query per scrape. Each entry knows whether its task is still OPEN or
 * ACKNOWLEDGED, so the overdue count ({@link AckDeadlines}) needs no query either.
 */
public final class TaskIndex {
  /** What the index knows of one unresolved task; id is null while its insert is pending. */
  public record Entry(String id, FindingKind kind, Severity severity, long detectedAtMs, TaskState state) {}

  private final ConcurrentHashMap<String, Entry> byKey = new ConcurrentHashMap<>();
  private final AckDeadlines deadlines;

  /** With the default acknowledgement limits. */
  public TaskIndex() {
    this(AckDeadlines.defaults());
  }

  public TaskIndex(AckDeadlines deadlines) {
    this.deadlines = deadlines;
  }

  /** The escalation policy the overdue counts use; the API's {@code ackDueAt} and the notifier use it too. */
  public AckDeadlines ackDeadlines() {
    return deadlines;
  }

  /** Claims a key for a new finding; false when a task for it is already unresolved (or pending). */
  boolean claim(String dedupeKey, FindingKind kind, Severity severity, long atMs) {
    return byKey.putIfAbsent(dedupeKey, new Entry(null, kind, severity, atMs, TaskState.OPEN)) == null;
  }

  boolean contains(String dedupeKey) {
    return byKey.containsKey(dedupeKey);
  }

  void put(Task task) {
    byKey.put(task.dedupeKey(), entry(task));
  }

  /** An acknowledgement committed: only an entry of the same task changes (a resolve may have removed it first). */
  void acknowledged(Task task) {
    byKey.computeIfPresent(task.dedupeKey(), (k, e) -> task.id().equals(e.id()) ? entry(task) : e);
  }

  private static Entry entry(Task task) {
    return new Entry(task.id(), task.kind(), task.severity(), task.detectedAtMs(), task.state());
  }

  void remove(String dedupeKey) {
    byKey.remove(dedupeKey);
  }

  /** This instance's insert found the key taken: forgets its claim, never a task another instance put here meanwhile. */
  void release(String dedupeKey) {
    byKey.computeIfPresent(dedupeKey, (k, e) -> e.id() == null ? null : e);
  }

  /**
   * Another instance changed {@code task} on the shared store. Notifications and this instance's own
   * changes may cross, so the entry only moves forward: a resolved task leaves for good (tasks are
   * never reopened), an acknowledged one is not made OPEN again by an older read.
   */
  void changedElsewhere(Task task) {
    byKey.compute(task.dedupeKey(), (k, e) -> {
      if (!task.state().unresolved()) {
        return e == null || e.id() == null || e.id().equals(task.id()) ? null : e;
      }
      if (e != null && task.id().equals(e.id()) && e.state().ordinal() > task.state().ordinal()) {
        return e;
      }
      return entry(task);
    });
  }

  /** The unresolved task detected first among those whose kind passes {@code kinds}; empty if none is committed. */
  public Optional<Entry> oldest(Predicate<FindingKind> kinds) {
    Entry oldest = null;
    for (Entry e : byKey.values()) {
      if (e.id() != null && kinds.test(e.kind()) && (oldest == null || e.detectedAtMs() < oldest.detectedAtMs())) {
        oldest = e;
      }
    }
    return Optional.ofNullable(oldest);
  }

  public int size() {
    return byKey.size();
  }

  /** Committed entries that are overdue at {@code nowMs}, in no particular order (one pass; for the notifier's scan). */
  public List<Entry> overdue(long nowMs) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : byKey.values()) {
      if (e.id() != null && deadlines.overdue(e.state(), e.severity(), e.detectedAtMs(), nowMs)) {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Counts by kind and severity, the oldest detection time by kind and the overdue count by
   * severity, in one pass. Gauges ask for dozens of values per scrape; {@link #summary} memoizes
   * the pass for {@code maxAgeMs}.
   */
  public record Summary(long takenAtMs, long[][] open, long[] oldestDetectedAtMs, long[] overdue) {
    public long open(FindingKind kind, Severity severity) {
      return open[kind.ordinal()][severity.ordinal()];
    }

    /** OPEN tasks of this severity past their acknowledgement deadline when the summary was taken. */
    public long overdue(Severity severity) {
      return overdue[severity.ordinal()];
    }

    public long oldestAgeMs(FindingKind kind, long nowMs) {
      long t = oldestDetectedAtMs[kind.ordinal()];
      return t == Long.MAX_VALUE ? 0 : Math.max(0, nowMs - t);
    }
  }

  /** Null until first asked for; never a sentinel time (nowMs - Long.MIN_VALUE overflows and the cache never refreshed). */
  private volatile Summary summary;

  public Summary summary(long nowMs, long maxAgeMs) {
    Summary s = summary;
    if (s == null || nowMs - s.takenAtMs() > maxAgeMs || nowMs < s.takenAtMs()) {
      s = compute(nowMs);
      summary = s;
    }
    return s;
  }

  private Summary compute(long nowMs) {
    long[][] open = new long[FindingKind.values().length][Severity.values().length];
    long[] oldest = new long[FindingKind.values().length];
    long[] overdue = new long[Severity.values().length];
    Arrays.fill(oldest, Long.MAX_VALUE);
    for (Entry e : byKey.values()) {
      if (e.id() == null) {
        continue; // insert not committed yet
      }
      int k = e.kind().ordinal();
      open[k][e.severity().ordinal()]++;
      oldest[k] = Math.min(oldest[k], e.detectedAtMs());
      if (deadlines.overdue(e.state(), e.severity(), e.detectedAtMs(), nowMs)) {
        overdue[e.severity().ordinal()]++;
      }
    }
    return new Summary(nowMs, open, oldest, overdue);
  }
}
