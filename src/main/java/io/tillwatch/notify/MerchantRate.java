package io.tillwatch.notify;

import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per merchant, time an input: {@code perMinute} notifications a minute on average,
 * {@code burst} at once. A shop's chat group must stay readable during an outage that opens dozens
 * of tasks, and the robots themselves refuse more than 20 messages a minute. Not thread-safe: the
 * dispatcher's context only. A bucket that has refilled is dropped, so the map holds only merchants
 * notified within the last refill time.
 */
final class MerchantRate {
  private final double perMs;
  private final double capacity;
  private final Map<String, double[]> buckets = new HashMap<>(); // merchant -> {tokens, lastMs}

  MerchantRate(double perMinute, int burst) {
    this.perMs = perMinute / 60_000.0;
    this.capacity = Math.max(1, burst);
  }

  boolean tryTake(String merchant, long nowMs) {
    double[] b = buckets.computeIfAbsent(merchant, m -> new double[] {capacity, nowMs});
    if (nowMs > b[1]) {
      b[0] = Math.min(capacity, b[0] + (nowMs - b[1]) * perMs);
      b[1] = nowMs;
    }
    if (b[0] < 1.0) {
      return false;
    }
    b[0] -= 1.0;
    if (buckets.size() > 1024) {
      forgetFull(nowMs);
    }
    return true;
  }

  private void forgetFull(long nowMs) {
    buckets.values().removeIf(b -> b[0] + (nowMs - b[1]) * perMs >= capacity);
  }

  int size() {
    return buckets.size();
  }
}
