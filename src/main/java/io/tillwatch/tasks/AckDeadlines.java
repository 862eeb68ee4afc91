package io.tillwatch.tasks;

import io.tillwatch.engine.Severity;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Escalation policy: how long an OPEN task may wait for someone to acknowledge it, by severity
 * ({@code escalation.ack-within.*}). Past that it is overdue: the console marks it, the
 * {@code tillwatch_tasks_overdue} gauge counts it and the shop's webhook hears of it once.
 *
 * <p>Design notes. Pure and stateless, time an input, so the API ({@code ackDueAt}), the gauge and
 * the notifier cannot disagree about a task. The deadline runs from {@code detectedAt} with the
 * task's current severity: a silent terminal that turns critical (it holds an open sale) becomes
 * due sooner. An acknowledged or resolved task has no deadline: someone owns it.
 */
public final class AckDeadlines {
  /** No deadline: the task is not OPEN. */
  public static final long NONE = -1;

  private final Map<Severity, Duration> limits;

  public AckDeadlines(Duration critical, Duration warning, Duration info) {
    EnumMap<Severity, Duration> m = new EnumMap<>(Severity.class);
    m.put(Severity.CRITICAL, positive(critical, "critical"));
    m.put(Severity.WARNING, positive(warning, "warning"));
    m.put(Severity.INFO, positive(info, "info"));
    this.limits = m;
  }

  /** Critical 10 minutes, warning 1 hour, info 4 hours: the keys' defaults. */
  public static AckDeadlines defaults() {
    return new AckDeadlines(Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofHours(4));
  }

  /** How long a task of this severity may stay unacknowledged. */
  public Duration limit(Severity severity) {
    return limits.get(severity);
  }

  /** When {@code task} becomes overdue if nobody acknowledges it (epoch ms); {@link #NONE} unless it is OPEN. */
  public long ackDueAtMs(Task task) {
    return ackDueAtMs(task.state(), task.severity(), task.detectedAtMs());
  }

  /** The same for what the task index holds of a task. */
  public long ackDueAtMs(TaskState state, Severity severity, long detectedAtMs) {
    return state == TaskState.OPEN ? detectedAtMs + limits.get(severity).toMillis() : NONE;
  }

  /** True when {@code task} is OPEN and its acknowledgement deadline has passed at {@code nowMs}. */
  public boolean overdue(Task task, long nowMs) {
    return overdue(task.state(), task.severity(), task.detectedAtMs(), nowMs);
  }

  public boolean overdue(TaskState state, Severity severity, long detectedAtMs, long nowMs) {
    long due = ackDueAtMs(state, severity, detectedAtMs);
    return due != NONE && nowMs >= due;
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("acknowledgement limit for " + what + " must be above 0: " + d);
    }
    return d;
  }
}
