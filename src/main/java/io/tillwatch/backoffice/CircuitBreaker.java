package io.tillwatch.backoffice;

/**
 * A circuit breaker on one back office, with time as an input: after {@code failuresToOpen}
 * unreachable answers in a row it opens and nothing is asked for {@code openForMs}; then one trial
 * look-up is let through (half-open), whose answer closes it again or re-opens it for another
 * period. Not thread-safe: the follow-up runs on one thread; {@link #state()} may be read from any.
 */
final class CircuitBreaker {
  /** The order is the gauge's value: 0 closed, 1 half-open, 2 open. */
  enum State { CLOSED, HALF_OPEN, OPEN }

  private final int failuresToOpen;
  private final long openForMs;
  private volatile State state = State.CLOSED;
  private int failuresInARow;
  private long openedAtMs;

  CircuitBreaker(int failuresToOpen, long openForMs) {
    this.failuresToOpen = failuresToOpen;
    this.openForMs = openForMs;
  }

  /** True when a look-up may go out now; moves OPEN to HALF_OPEN when the open period is over (one trial). */
  boolean allows(long nowMs) {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (nowMs - openedAtMs >= openForMs) {
          state = State.HALF_OPEN;
          return true;
        }
        return false;
      default:
        return false; // half-open: the trial is out
    }
  }

  void succeeded() {
    failuresInARow = 0;
    state = State.CLOSED;
  }

  void failed(long nowMs) {
    failuresInARow++;
    if (state == State.HALF_OPEN || failuresInARow >= failuresToOpen) {
      state = State.OPEN;
      openedAtMs = nowMs;
    }
  }

  State state() {
    return state;
  }
}
