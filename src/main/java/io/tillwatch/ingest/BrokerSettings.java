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
 * @param maxUnacknowledged most messages received on the connection and not acknowledged yet (waiting
 *                     on their terminals' loops, the journal, or in acknowledgement order); the daemon
 *                     uses {@code journal.queue-capacity}, the backlog the journal would have held
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
    Duration reconnectMax,
    int maxUnacknowledged) {

  /**
   * Settings built by name. Unset values are the neutral ones (plain TCP, anonymous, no shared
   * group, the whole fleet); the daemon's defaults are those of its {@code broker.*} settings.
   */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /** Builds {@link BrokerSettings} by name instead of fourteen positional arguments. */
  public static final class Builder {
    private final String host;
    private final int port;
    private boolean tls;
    private String caFile = "";
    private BrokerClientCertificate clientCertificate = BrokerClientCertificate.NONE;
    private String username = "";
    private String password = "";
    private String clientId = "tillwatch";
    private String sharedGroup = "";
    private int partitionIndex;
    private int partitionCount = 1;
    private Duration reconnectMin = Duration.ofMillis(500);
    private Duration reconnectMax = Duration.ofSeconds(30);
    private int maxUnacknowledged = 65_536; // journal.queue-capacity's default

    private Builder(String host, int port) {
      this.host = host;
      this.port = port;
    }

    /** TLS with the CA bundle that signs the broker's certificate ("" trusts the JDK's CAs). */
    public Builder tls(String caFile, BrokerClientCertificate clientCertificate) {
      this.tls = true;
      this.caFile = caFile;
      this.clientCertificate = clientCertificate;
      return this;
    }

    public Builder credentials(String username, String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    public Builder clientId(String clientId) {
      this.clientId = clientId;
      return this;
    }

    public Builder sharedGroup(String sharedGroup) {
      this.sharedGroup = sharedGroup;
      return this;
    }

    public Builder partition(int index, int count) {
      this.partitionIndex = index;
      this.partitionCount = count;
      return this;
    }

    public Builder reconnect(Duration min, Duration max) {
      this.reconnectMin = min;
      this.reconnectMax = max;
      return this;
    }

    public Builder maxUnacknowledged(int maxUnacknowledged) {
      this.maxUnacknowledged = maxUnacknowledged;
      return this;
    }

    public BrokerSettings build() {
      return new BrokerSettings(host, port, tls, caFile, clientCertificate, username, password, clientId, sharedGroup,
          partitionIndex, partitionCount, reconnectMin, reconnectMax, maxUnacknowledged);
    }
  }

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

  /** The subscriptions: the terminal-to-TillWatch topics, inside the shared group when one is set. */
  public String[] topicFilters() {
    String prefix = sharedGroup.isEmpty() ? "" : "$share/" + sharedGroup + "/";
    return new String[] {prefix + "pos/v1/+/+/txn", prefix + "pos/v1/+/+/heartbeat", prefix + "pos/v1/+/+/status",
        prefix + "pos/v1/+/+/cmd-result"};
  }

  /** True when this instance owns the terminal; stable across restarts and JVMs (String.hashCode is specified). */
  public boolean owns(String merchant, String terminal) {
    return partitionCount <= 1 || Math.floorMod((merchant + '/' + terminal).hashCode(), partitionCount) == partitionIndex;
  }
}
