package io.tillwatch.ingest;

import io.vertx.core.buffer.Buffer;

/**
 * Where TillWatch's own messages (task changes, terminal commands) go: subscribers of the
 * embedded endpoint, or the external broker in broker mode.
 */
@FunctionalInterface
public interface TopicPublisher {
  void publish(String topic, Buffer payload);
}
