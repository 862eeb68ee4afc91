package io.tillwatch.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.telemetry.Ids;
import io.tillwatch.telemetry.RejectedMessageException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused messages at most once per client per interval, never with payload content.
 * Every refusal is counted in metrics regardless; this only keeps a misbehaving terminal from
 * flooding the log. The client id is echoed only when it is a well-formed id (it is
 * attacker-chosen text).
 */
public final class RejectLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.tillwatch.ingest.rejects");

  private final Cache<String, Boolean> recentlyLogged;

  public RejectLog(Duration interval, Ticker ticker) {
    this.recentlyLogged = Caffeine.newBuilder()
        .expireAfterWrite(interval)
        .maximumSize(100_000)
        .ticker(ticker)
        .build();
  }

  /** Returns true when this refusal was logged (false when suppressed). */
  public boolean refused(String clientId, String topicKind, RejectedMessageException e) {
    String who = clientId != null && Ids.isValid(clientId) ? clientId : "(unnamed client)";
    if (recentlyLogged.asMap().putIfAbsent(who, Boolean.TRUE) != null) {
      return false;
    }
    LOG.warn("refused a message from {} ({} topic): {}: {} (further refusals from this client are counted, not logged, for a while)",
        who, topicKind, e.reason().label(), e.detail());
    return true;
  }
}
