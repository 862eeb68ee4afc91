package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who subscribed to what on the embedded endpoint, and delivery to them. The endpoint is not a
 * broker: delivery is live only (no retained messages, no queue for offline subscribers); an
 * operator console that needs every change reads the HTTP task list after it (re)connects.
 * Subscribers are few (terminals' own cmd topics and operator consoles), so a copy-on-write list
 * is the simple right tool.
 */
public final class Subscriptions {
  private record Subscription(MqttEndpoint endpoint, Context context, String filter, MqttQoS qos) {}

  private final List<Subscription> all = new CopyOnWriteArrayList<>();

  void add(MqttEndpoint endpoint, Context context, String filter, MqttQoS qos) {
    all.removeIf(s -> s.endpoint == endpoint && s.filter.equals(filter));
    all.add(new Subscription(endpoint, context, filter, qos));
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
