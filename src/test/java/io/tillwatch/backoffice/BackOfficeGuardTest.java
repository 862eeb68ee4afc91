package io.tillwatch.backoffice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.backoffice.BackOfficeGuard.Admission;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The guard on a fake clock: the cap, the rate, and the breaker's open / half-open / closed cycle. */
class BackOfficeGuardTest {
  private static final BackOfficeAnswer OK = BackOfficeAnswer.of(Verdict.CHARGED, "r", "SUCCESS", -1, 0, null);
  private static final BackOfficeAnswer DOWN = BackOfficeAnswer.unreachable(LookupProblem.SERVER_ERROR, "503", 0, null);

  private static BackOfficeGuard guard(int maxConcurrent, double rate, int failures) {
    return new BackOfficeGuard(new GuardSettings(Duration.ofSeconds(1), maxConcurrent, rate, failures, Duration.ofSeconds(30)));
  }

  @Test
  void atMostMaxConcurrentLookUpsAreOut() {
    BackOfficeGuard g = guard(2, 1000, 5);
    assertEquals(Admission.ADMITTED, g.admit(0));
    assertEquals(Admission.ADMITTED, g.admit(0));
    assertEquals(Admission.BUSY, g.admit(0));
    g.finished(OK, 1);
    assertEquals(Admission.ADMITTED, g.admit(1));
  }

  @Test
  void theRateRefillsWithTime() {
    BackOfficeGuard g = guard(100, 2, 5); // 2 a second, bursts of 2
    assertEquals(Admission.ADMITTED, g.admit(0));
    assertEquals(Admission.ADMITTED, g.admit(0));
    assertEquals(Admission.RATE_LIMITED, g.admit(0));
    assertEquals(Admission.RATE_LIMITED, g.admit(499));
    assertEquals(Admission.ADMITTED, g.admit(500));
  }

  @Test
  void theBreakerOpensAfterFailuresInARowThenTriesOneLookUp() {
    BackOfficeGuard g = guard(10, 1000, 3);
    for (int i = 0; i < 3; i++) {
      assertEquals(Admission.ADMITTED, g.admit(1_000));
      g.finished(DOWN, 1_000);
    }
    assertEquals(CircuitBreaker.State.OPEN, g.breakerState());
    assertEquals(Admission.BREAKER_OPEN, g.admit(30_999));
    assertEquals(Admission.ADMITTED, g.admit(31_000), "the trial");
    assertEquals(CircuitBreaker.State.HALF_OPEN, g.breakerState());
    assertEquals(Admission.BREAKER_OPEN, g.admit(31_000), "one trial at a time");
    g.finished(DOWN, 31_500);
    assertEquals(CircuitBreaker.State.OPEN, g.breakerState());
    assertEquals(Admission.BREAKER_OPEN, g.admit(61_499));
    assertEquals(Admission.ADMITTED, g.admit(61_500));
    g.finished(OK, 61_600);
    assertEquals(CircuitBreaker.State.CLOSED, g.breakerState());
    assertEquals(Admission.ADMITTED, g.admit(61_600));
  }

  @Test
  void aSuccessResetsTheCountOfFailuresInARow() {
    BackOfficeGuard g = guard(10, 1000, 2);
    g.admit(0);
    g.finished(DOWN, 0);
    g.admit(0);
    g.finished(OK, 0);
    g.admit(0);
    g.finished(DOWN, 0);
    assertEquals(CircuitBreaker.State.CLOSED, g.breakerState());
  }
}
