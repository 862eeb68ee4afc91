package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who subscribed to what on the embedded endpoint, and delivery to them. The endpoint is not a
 * broker: delivery is live only (no retained messages, no queue for offline subscribers); an
 * operator console that needs every change reads the HTTP task list after it (re)connects.
 * Subscribers are few (terminals' own cmd topics and operator consoles), so a copy-on-write list
 * is the simple right tool. Terminal commands need more than live delivery (their PUBACK, and a
 * resend when the terminal subscribes again): {@link EmbeddedCommandChannel} finds the
 * subscription to a cmd topic here and hears of every new subscription.
 */
public final class Subscriptions {
  record Subscription(MqttEndpoint endpoint, Context context, String filter, MqttQoS qos) {}

  private final List<Subscription> all = new CopyOnWriteArrayList<>();
  private volatile Consumer<Subscription> onSubscribed = s -> { };

  void add(MqttEndpoint endpoint, Context context, String filter, MqttQoS qos) {
    all.removeIf(s -> s.endpoint == endpoint && s.filter.equals(filter));
    Subscription added = new Subscription(endpoint, context, filter, qos);
    all.add(added);
    onSubscribed.accept(added);
  }

  /** Told of every subscription made, on its connection's context (after the ACL allowed it). */
  void onSubscribed(Consumer<Subscription> listener) {
    this.onSubscribed = listener;
  }

  /** The newest live subscription whose filter is exactly this topic (cmd topics are subscribed without wildcards). */
  Subscription exact(String topic) {
    Subscription found = null;
    for (Subscription s : all) {
      if (s.filter.equals(topic) && s.endpoint.isConnected()) {
        found = s;
      }
    }
    return found;
  }

  void remove(MqttEndpoint endpoint, String filter) {
    all.removeIf(s -> s.endpoint == endpoint && s.filter.equals(filter));
  }

  void removeAll(MqttEndpoint endpoint) {
    all.removeIf(s -> s.endpoint == endpoint);
  }

  /** Delivers to every matching subscriber, each on its own connection's context. */
  public void publish(String topic, Buffer payload) {
    for (Subscription s : all) {
      if (TopicFilters.matches(s.filter, topic)) {
        s.context.runOnContext(v -> {
          if (s.endpoint.isConnected()) {
            s.endpoint.publish(topic, payload, s.qos, false, false);
          }
        });
      }
    }
  }
}
