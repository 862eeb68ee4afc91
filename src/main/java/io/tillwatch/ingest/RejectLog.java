package io.tillwatch.ingest;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.telemetry.Ids;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Topic;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused messages at most once per client and reason per interval, never with payload
 * content. Every refusal is counted in metrics regardless; this only keeps a misbehaving terminal
 * from flooding the log. Per reason, not per client alone, because the reasons differ in weight: a
 * stream of malformed payloads must not hide the card-data refusal that follows it. The client id
 * is echoed only when it is a well-formed id (it is attacker-chosen text); the topic only when it
 * parsed, which means its ids passed the id and card-data rules.
 */
public final class RejectLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.tillwatch.ingest.rejects");

  private final LogLimiter limiter;

  public RejectLog(Duration interval, Ticker ticker) {
    this.limiter = new LogLimiter(interval, ticker);
  }

  /**
   * A connection broke the MQTT protocol (malformed, truncated or oversized packet; it is closed by
   * Vert.x). Logged at most once per interval for all clients together, because the sender is not
   * known yet; the decoder's message is shortened and any long digit run in it masked, since it can
   * quote attacker-chosen text such as a topic name.
   */
  public boolean protocolError(Throwable e) {
    if (!limiter.first("(protocol)")) {
      return false;
    }
    String why = String.valueOf(e.getMessage()).replaceAll("\\d{8,}", "[digits]");
    LOG.warn("refused a packet that breaks the MQTT protocol: {}: {} (further ones are counted in "
        + "tillwatch_mqtt_protocol_errors_total, not logged, for a while)", e.getClass().getSimpleName(),
        why.length() > 160 ? why.substring(0, 160) + "..." : why);
    return true;
  }

  /**
   * Returns true when this refusal was logged (false when suppressed). {@code topic}: the parsed
   * topic, or null when the topic itself was refused; {@code topicKind}: its last level. The limit
   * is per client, reason and the topic's terminal: in broker mode every message comes without a
   * client id, and one terminal's refusals must not hide another's.
   */
  public boolean refused(String clientId, Topic topic, String topicKind, RejectedMessageException e) {
    String who = clientId != null && Ids.isValid(clientId) ? clientId : "(unnamed client)";
    String reason = e.reason().label();
    String terminal = topic == null ? "-" : topic.merchant() + "/" + topic.terminal();
    if (!limiter.first(who + " " + terminal + " " + reason)) {
      return false;
    }
    LOG.warn("refused a message from client {} on {}: {}: {} (further {} refusals from this terminal are counted, not logged, "
        + "for a while)", who, topic != null ? topic.name() : refusedTopic(topicKind), reason, e.detail(), reason);
    return true;
  }

  private static String refusedTopic(String kind) {
    return "unknown-topic".equals(kind) ? "a topic outside the contract" : "a refused topic ending in /" + kind;
  }
}
