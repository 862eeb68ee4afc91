package io.tillwatch.backoffice;

/**
 * A token bucket with time as an input: {@code perSecond} look-ups a second on average, bursts of at
 * most {@code max(1, perSecond)}. Not thread-safe (the follow-up's one thread).
 */
final class TokenRate {
  private final double perMs;
  private final double capacity;
  private double tokens;
  private long lastMs = Long.MIN_VALUE;

  TokenRate(double perSecond) {
    this.perMs = perSecond / 1000.0;
    this.capacity = Math.max(1.0, perSecond);
    this.tokens = capacity;
  }

  boolean tryTake(long nowMs) {
    if (lastMs != Long.MIN_VALUE && nowMs > lastMs) {
      tokens = Math.min(capacity, tokens + (nowMs - lastMs) * perMs);
    }
    lastMs = Math.max(lastMs, nowMs);
    if (tokens >= 1.0) {
      tokens -= 1.0;
      return true;
    }
    return false;
  }
}
