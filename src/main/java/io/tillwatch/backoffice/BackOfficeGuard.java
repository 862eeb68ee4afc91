package io.tillwatch.backoffice;

/**
 * Everything that keeps TillWatch from hammering one back office: the breaker, the rate and the cap
 * on look-ups in flight ({@link GuardSettings}). A look-up goes out only when {@link #admit} says
 * so, and {@link #finished} must follow each admitted one. Not thread-safe (the follow-up's thread).
 */
final class BackOfficeGuard {
  enum Admission { ADMITTED, BREAKER_OPEN, BUSY, RATE_LIMITED }

  private final GuardSettings settings;
  private final CircuitBreaker breaker;
  private final TokenRate rate;
  private int inFlight;

  BackOfficeGuard(GuardSettings settings) {
    this.settings = settings;
    this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerOpenFor().toMillis());
    this.rate = new TokenRate(settings.ratePerSecond());
  }

  /** Checked cheapest-first, and the breaker last so a half-open trial is only spent on a look-up that goes out. */
  Admission admit(long nowMs) {
    if (inFlight >= settings.maxConcurrent()) {
      return Admission.BUSY;
    }
    if (breaker.state() == CircuitBreaker.State.OPEN && !breaker.allows(nowMs)) {
      return Admission.BREAKER_OPEN;
    }
    if (breaker.state() == CircuitBreaker.State.HALF_OPEN && inFlight > 0) {
      return Admission.BREAKER_OPEN; // the trial is still out
    }
    if (!rate.tryTake(nowMs)) {
      return Admission.RATE_LIMITED;
    }
    inFlight++;
    return Admission.ADMITTED;
  }

  /** An admitted look-up answered; an unreachable answer counts against the breaker. */
  void finished(BackOfficeAnswer answer, long nowMs) {
    inFlight--;
    if (answer.verdict() == Verdict.UNREACHABLE) {
      breaker.failed(nowMs);
    } else {
      breaker.succeeded();
    }
  }

  /** An admitted look-up was not sent after all (its task was resolved first): the slot is free, the breaker learns nothing. */
  void cancelled() {
    inFlight--;
  }

  CircuitBreaker.State breakerState() {
    return breaker.state();
  }

  GuardSettings settings() {
    return settings;
  }
}
