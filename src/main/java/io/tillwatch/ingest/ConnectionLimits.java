package io.tillwatch.ingest;

/**
 * The embedded endpoint's per-connection and global resource limits (configuration keys
 * {@code mqtt.max-connections}, {@code mqtt.max-in-flight}, {@code mqtt.max-keep-alive},
 * {@code mqtt.message-rate}, {@code mqtt.message-burst}). What happens when each is hit is
 * described in docs/security.md.
 *
 * @param maxConnections     connections holding a slot (authenticating or connected) at once
 * @param maxInFlight        messages one connection may have received but not yet had acknowledged
 *                           (MQTT 5 "Receive Maximum", advertised in the CONNACK)
 * @param maxKeepAliveSeconds longest keep-alive a client may ask for; 0 ("never") counts as longer
 * @param messagesPerSecond  sustained messages per second one terminal is served at
 * @param burst              messages a terminal may send at once above that rate (its bucket size)
 */
public record ConnectionLimits(int maxConnections, int maxInFlight, int maxKeepAliveSeconds, double messagesPerSecond, int burst) {
  public ConnectionLimits {
    if (maxConnections < 1 || maxInFlight < 1 || maxKeepAliveSeconds < 1 || messagesPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("limits must be positive");
    }
  }
}
