package io.tillwatch.metrics;

/**
 * What the MQTT side of ingest counts: connections of the embedded endpoint, their refusals and
 * limits, the link to an external broker, and the time from a message's arrival to its
 * acknowledgement. Reasons and actions are small closed sets (see docs/metrics.md): never a client
 * id or a topic. {@link #NONE} serves unit tests.
 */
public interface ConnectionMetrics {
  /** A QoS 1 message acknowledged {@code nanos} after it arrived (decode + durable commit). */
  void acknowledged(long nanos);

  void connectionAccepted();

  /** A CONNECT refused, by reason (bad_credentials, connection_limit, ...). */
  void connectionRefused(String reason);

  /** A connection the endpoint closed itself: a limit broken, or its credential revoked or rotated. */
  void serverDisconnect(String reason);

  /** A message held back by the per-terminal rate (delayed, never dropped). */
  void messageThrottled();

  /** A publish or subscription outside the client's own topics, refused. */
  void aclDenied(String action);

  /** Broker mode: connected and subscribed (true) or not. */
  void brokerConnected(boolean connected);

  /** Broker mode: one reconnect attempt. */
  void brokerReconnect();

  ConnectionMetrics NONE = new ConnectionMetrics() {
    @Override
    public void acknowledged(long nanos) {}

    @Override
    public void connectionAccepted() {}

    @Override
    public void connectionRefused(String reason) {}

    @Override
    public void serverDisconnect(String reason) {}

    @Override
    public void messageThrottled() {}

    @Override
    public void aclDenied(String action) {}

    @Override
    public void brokerConnected(boolean connected) {}

    @Override
    public void brokerReconnect() {}
  };
}
