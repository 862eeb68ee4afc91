package io.tillwatch.backoffice;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard TillWatch may lean on one back office. An acquirer outage opens thousands of findings at
 * once; these keep TillWatch a polite client: at most {@code maxConcurrent} look-ups in flight, at
 * most {@code ratePerSecond} started per second, each given up after {@code timeout}, and after
 * {@code breakerFailures} unreachable answers in a row no look-up at all for {@code breakerOpenFor}
 * (then one trial look-up decides whether to close again).
 */
public record GuardSettings(Duration timeout, int maxConcurrent, double ratePerSecond, int breakerFailures,
    Duration breakerOpenFor) {

  public static final GuardSettings DEFAULTS = new GuardSettings(Duration.ofSeconds(10), 8, 20, 5, Duration.ofSeconds(30));

  public GuardSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
    if (timeout.isNegative() || timeout.isZero() || maxConcurrent < 1 || !(ratePerSecond > 0) || breakerFailures < 1
        || breakerOpenFor.isNegative() || breakerOpenFor.isZero()) {
      throw new IllegalArgumentException("guard settings must be positive: " + timeout + ", " + maxConcurrent + ", "
          + ratePerSecond + ", " + breakerFailures + ", " + breakerOpenFor);
    }
  }
}
