package io.tillwatch.backoffice;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * When to ask a back office again: at once, then after each delay in turn (30 s, 2 min, 10 min,
 * 30 min, 2 h by default), so a sale is asked {@code delays.size() + 1} times at most. The acquirer
 * usually knows within a minute; the long tail is for outages and sales still being paid.
 */
public record RecheckSchedule(List<Duration> delays) {
  public static final RecheckSchedule DEFAULT = new RecheckSchedule(List.of(Duration.ofSeconds(30), Duration.ofMinutes(2),
      Duration.ofMinutes(10), Duration.ofMinutes(30), Duration.ofHours(2)));

  public RecheckSchedule {
    delays = List.copyOf(Objects.requireNonNull(delays, "delays"));
    for (Duration d : delays) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("re-check delays must be positive: " + delays);
      }
    }
  }

  /** Look-ups in all, the first included. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /** True when {@code attempts} look-ups are all the schedule allows. */
  public boolean exhausted(int attempts) {
    return attempts >= maxAttempts();
  }

  /**
   * When the look-up after the {@code attempts}-th one is due, counted from {@code startedAtMs}
   * (when the {@code attempts}-th went out); -1 when the schedule has none.
   */
  public long nextDueAtMs(int attempts, long startedAtMs) {
    return attempts >= 1 && attempts <= delays.size() ? startedAtMs + delays.get(attempts - 1).toMillis() : -1;
  }
}
