package io.tillwatch.engine;

/**
 * The engine's one reading of "late", shared by every deadline rule so that raising a finding and
 * scheduling the next look can never disagree.
 *
 * <p>A rule's clock starts at some receive time and runs for its timeout. Deadlines are strict: an
 * event received exactly at {@code start + timeout} is in time, so the rule is due at
 * {@code start + timeout} and late from the next millisecond on, which is also when its object must
 * next be looked at. A rule may instead have a cause that makes it late at once (a PRINT_FAILED,
 * a Last Will): its timeout is {@link #AT_ONCE}, it is late from its start on, and its finding is
 * raised "at" its due time, even when that is noticed later (after a restart).
 */
final class Deadline {
  /** The timeout of a cause that makes a rule late as soon as it is seen. No configured timeout is negative. */
  static final long AT_ONCE = Long.MIN_VALUE;

  private Deadline() {}

  /** When the rule falls due: the finding's {@code dueAtMs}. */
  static long dueMs(long startMs, long timeoutMs) {
    return timeoutMs == AT_ONCE ? startMs : startMs + timeoutMs;
  }

  /** The first instant at which the rule is late: when to raise it, and when to look again. */
  static long lateFromMs(long startMs, long timeoutMs) {
    long due = dueMs(startMs, timeoutMs);
    return timeoutMs == AT_ONCE ? due : due + 1;
  }

  /** The finding's {@code raisedAtMs}: an at-once finding is raised at its due time; any other when noticed. */
  static long raisedAtMs(long dueMs, long timeoutMs, long nowMs) {
    return timeoutMs == AT_ONCE ? dueMs : nowMs;
  }
}
