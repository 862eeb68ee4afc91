package io.tillwatch.notify;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The notification file read and checked: the targets of each merchant ({@code *}: every
 * merchant's tasks), and how deliveries are paced and retried.
 *
 * @param ratePerMinute  notifications a merchant gets per minute, sustained (its token bucket's refill)
 * @param burst          notifications a merchant may get at once (the bucket's size)
 * @param maxAttempts    attempts per target before giving up (the first one included)
 * @param firstRetry     wait before the second attempt; doubles after each failure, at most {@code maxRetry}
 * @param queueCapacity  notifications held at once (waiting, sending or between retries); beyond it new ones are dropped
 * @param consoleUrl     base of the console links put in messages ({@code https://host/console/}); empty: none
 */
public record NotifySettings(Map<String, List<NotifyTarget>> targets, double ratePerMinute, int burst, int maxAttempts,
    Duration firstRetry, Duration maxRetry, Duration timeout, int queueCapacity, ZoneId zone, String consoleUrl) {

  public static final String ANY_MERCHANT = "*";

  /** No targets: nothing is sent. */
  public static final NotifySettings NONE = new NotifySettings(Map.of(), 20, 5, 5, Duration.ofSeconds(5),
      Duration.ofMinutes(5), Duration.ofSeconds(10), 1_000, ZoneId.of("Asia/Shanghai"), "");

  public NotifySettings {
    targets = Map.copyOf(targets);
  }

  /** The merchant's own targets, then those of {@code *}. */
  public List<NotifyTarget> targetsFor(String merchant) {
    List<NotifyTarget> own = targets.getOrDefault(merchant, List.of());
    List<NotifyTarget> any = targets.getOrDefault(ANY_MERCHANT, List.of());
    if (any.isEmpty() || merchant.equals(ANY_MERCHANT)) {
      return own;
    }
    List<NotifyTarget> all = new ArrayList<>(own);
    all.addAll(any);
    return all;
  }

  public int targetCount() {
    return targets.values().stream().mapToInt(List::size).sum();
  }

  /** The wait after failed attempt {@code attempt} (1-based): firstRetry, doubled each time, capped. */
  public long retryDelayMs(int attempt) {
    long first = Math.max(1, firstRetry.toMillis());
    int doublings = Math.min(30, Math.max(0, attempt - 1));
    return Math.min(maxRetry.toMillis(), first << doublings);
  }
}
