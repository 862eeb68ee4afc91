package io.tillwatch.auth;

import io.tillwatch.telemetry.Topic;

/**
 * What an identity may publish and subscribe to on the embedded endpoint.
 *
 * <ul>
 *   <li>A terminal publishes only under {@code pos/v1/{its merchant}/{its id}/...} (its telemetry and
 *       its answers to commands on {@code cmd-result}) and subscribes only to its own {@code cmd}
 *       topic. Another terminal's {@code cmd-result} is refused like any other foreign topic, so a
 *       terminal cannot answer for a command it was not sent.</li>
 *   <li>A console publishes nothing and subscribes only to {@code ops/v1/tasks/{its merchant}}
 *       (or any merchant's, with merchant {@code *}).</li>
 *   <li>With authentication off (anonymous access, explicitly configured) the merchant is unknown:
 *       a client may still only publish under its own client id, so one device cannot speak for
 *       another even then.</li>
 * </ul>
 */
public final class TopicAcl {
  private TopicAcl() {}

  /** identity null = anonymous access. */
  public static boolean mayPublish(Credential identity, String clientId, Topic topic) {
    if (identity == null) {
      return topic.terminal().equals(clientId);
    }
    return identity.kind() == Credential.Kind.TERMINAL && topic.terminal().equals(identity.username())
        && topic.merchant().equals(identity.merchant());
  }

  /** For a filter of a subscribable shape (see TopicFilters.subscribable): may this identity have it? */
  public static boolean maySubscribe(Credential identity, String clientId, String filter) {
    String[] f = filter.split("/", -1);
    boolean cmd = f.length == 5 && f[0].equals("pos") && f[4].equals("cmd");
    boolean tasks = f.length == 4 && f[0].equals("ops") && f[2].equals("tasks");
    if (identity == null) {
      return cmd ? f[3].equals(clientId) : tasks;
    }
    if (identity.kind() == Credential.Kind.TERMINAL) {
      return cmd && f[3].equals(identity.username()) && f[2].equals(identity.merchant());
    }
    return tasks && (identity.allMerchants() || f[3].equals(identity.merchant()));
  }
}
