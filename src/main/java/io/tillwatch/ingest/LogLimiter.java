package io.tillwatch.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Says yes to the first occurrence of a key, then no until the interval has passed: what keeps a
 * misbehaving terminal from flooding the log while a metric counts every occurrence. The keys
 * are the caller's (a terminal, a reason); at most 100,000 are remembered, the oldest forgotten
 * first, so a flood of distinct keys costs log lines, never memory. Thread-safe: shards on
 * several event loops share one.
 */
public final class LogLimiter {
  private final Cache<String, Boolean> recentlyLogged;

  /** An interval of zero says yes every time. */
  public LogLimiter(Duration interval, Ticker ticker) {
    this.recentlyLogged = Caffeine.newBuilder()
        .expireAfterWrite(interval)
        .maximumSize(100_000)
        .ticker(ticker)
        .build();
  }

  /** True when the key was not seen within the interval: the caller logs now. */
  public boolean first(String key) {
    return recentlyLogged.asMap().putIfAbsent(key, Boolean.TRUE) == null;
  }
}
