package io.tillwatch.publish;

import io.vertx.core.buffer.Buffer;

/**
 * Where TillWatch's own messages go: subscribers of the embedded endpoint, or the external broker
 * in broker mode. The ingest side provides both ({@code Subscriptions#publish},
 * {@code BrokerIngestVerticle#publish}); the wiring passes them as method references, so ingest
 * does not depend on this package.
 */
@FunctionalInterface
public interface TopicPublisher {
  void publish(String topic, Buffer payload);
}
