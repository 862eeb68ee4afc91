package io.tillwatch.telemetry;

/**
 * A parsed terminal topic {@code pos/v1/{merchant}/{terminal}/{kind}}. Parsing is allocation-light
 * (one split by hand) because it runs for every message.
 */
public record Topic(String merchant, String terminal, TopicKind kind) {
  public static final String PREFIX = "pos/v1/";

  public static Topic parse(String topic) throws RejectedMessageException {
    if (topic == null || !topic.startsWith(PREFIX)) {
      throw new RejectedMessageException(RejectReason.UNKNOWN_TOPIC, "topic must start with " + PREFIX);
    }
    int m0 = PREFIX.length();
    int m1 = topic.indexOf('/', m0);
    int t1 = m1 < 0 ? -1 : topic.indexOf('/', m1 + 1);
    if (t1 < 0 || topic.indexOf('/', t1 + 1) >= 0) {
      throw new RejectedMessageException(RejectReason.UNKNOWN_TOPIC, "topic must be pos/v1/{merchant}/{terminal}/{txn|heartbeat|status|cmd-result}");
    }
    TopicKind kind = kindOf(topic.substring(t1 + 1));
    String merchant = Ids.require("merchant", topic.substring(m0, m1));
    String terminal = Ids.require("terminal", topic.substring(m1 + 1, t1));
    return new Topic(merchant, terminal, kind);
  }

  private static TopicKind kindOf(String level) throws RejectedMessageException {
    for (TopicKind k : TopicKind.values()) {
      if (k.level().equals(level)) {
        return k;
      }
    }
    throw new RejectedMessageException(RejectReason.UNKNOWN_TOPIC, "last topic level must be txn, heartbeat, status or cmd-result");
  }

  /** The topic's text, {@code pos/v1/{merchant}/{terminal}/{kind}}. */
  public String name() {
    return PREFIX + merchant + "/" + terminal + "/" + kind.level();
  }

  /** The parsed topic, or null when it is not a terminal topic (the pipeline then refuses it with its reason). */
  public static Topic parseOrNull(String topic) {
    try {
      return parse(topic);
    } catch (RejectedMessageException e) {
      return null;
    }
  }

  /** The topic TillWatch publishes terminal commands on (e.g. reprint). */
  public static String commandTopic(String merchant, String terminal) {
    return PREFIX + merchant + "/" + terminal + "/cmd";
  }

  /** The topic TillWatch publishes operator task changes on. */
  public static String taskTopic(String merchant) {
    return "ops/v1/tasks/" + merchant;
  }
}
