package io.tillwatch.ingest;

import java.net.URI;
import java.time.Duration;

/**
 * How TillWatch reaches an external MQTT broker.
 *
 * @param sharedGroup  empty for a plain subscription; otherwise the {@code $share/<group>/} group several
 *                     instances join so the broker spreads messages between them
 * @param clientCertificate presented to the broker over ssl://; {@link BrokerClientCertificate#NONE} for none
 * @param partition    this instance's slice {@code index/count} of the terminals (by a stable hash of
 *                     merchant and terminal); {@code 0/1} takes everything
 */
public record BrokerSettings(
    String host,
    int port,
    boolean tls,
    String caFile,
    BrokerClientCertificate clientCertificate,
    String username,
    String password,
    String clientId,
    String sharedGroup,
    int partitionIndex,
    int partitionCount,
    Duration reconnectMin,
    Duration reconnectMax) {

  /** Parses {@code tcp://host:port} or {@code ssl://host:port} (port defaults to 1883 / 8883). */
  public static URI parseUrl(String url) {
    URI u = URI.create(url.trim());
    if (!"tcp".equals(u.getScheme()) && !"ssl".equals(u.getScheme())) {
      throw new IllegalArgumentException("must be tcp://host:port or ssl://host:port");
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("has no host");
    }
    return u;
  }

  /** The subscriptions: the three terminal topics, inside the shared group when one is set. */
  public String[] topicFilters() {
    String prefix = sharedGroup.isEmpty() ? "" : "$share/" + sharedGroup + "/";
    return new String[] {prefix + "pos/v1/+/+/txn", prefix + "pos/v1/+/+/heartbeat", prefix + "pos/v1/+/+/status"};
  }

  /** True when this instance owns the terminal; stable across restarts and JVMs (String.hashCode is specified). */
  public boolean owns(String merchant, String terminal) {
    return partitionCount <= 1 || Math.floorMod((merchant + '/' + terminal).hashCode(), partitionCount) == partitionIndex;
  }
}
