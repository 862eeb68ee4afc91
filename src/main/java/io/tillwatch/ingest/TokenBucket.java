package io.tillwatch.ingest;

/**
 * A token bucket on a caller-supplied clock (nanoseconds), so tests drive time by hand.
 *
 * <p>Tokens accrue at {@code ratePerSecond} up to {@code capacity}; {@link #tryTake} spends one
 * if available, otherwise says how long until one will be. Not thread-safe: each connection owns
 * one and uses it on its own event loop.
 */
final class TokenBucket {
  private final double tokensPerNano;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  TokenBucket(double ratePerSecond, int capacity, long nowNanos) {
    this.tokensPerNano = ratePerSecond / 1e9;
    this.capacity = capacity;
    this.tokens = capacity;
    this.lastNanos = nowNanos;
  }

  /** Spends a token and returns 0, or returns the nanoseconds until the next token (spending nothing). */
  long tryTake(long nowNanos) {
    long wait = nanosUntilToken(nowNanos);
    if (wait == 0) {
      tokens -= 1;
    }
    return wait;
  }

  /** 0 when a token is available now, else the nanoseconds until one is; spends nothing. */
  long nanosUntilToken(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
      lastNanos = nowNanos;
    }
  }
}
