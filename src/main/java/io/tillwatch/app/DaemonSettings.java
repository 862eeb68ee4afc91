package io.tillwatch.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import io.tillwatch.engine.DetectionSettings;
import io.tillwatch.ingest.BrokerClientCertificate;
import io.tillwatch.ingest.BrokerSettings;
import io.tillwatch.ingest.ConnectionLimits;
import io.tillwatch.ingest.LogLimiter;
import io.tillwatch.runtime.UncheckedSalesLog;
import io.tillwatch.store.PostgresSettings;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.tasks.AckDeadlines;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Maps the flat configuration (keys, defaults, sources) onto the settings records each part of
 * TillWatch takes, so that the parts never see {@link Config} and the daemon only wires. One
 * method per part; a new setting is added to {@link Keys} and mapped here.
 */
public final class DaemonSettings {
  private DaemonSettings() {}

  /**
   * The engine's settings. A forgotten sale's txn id is remembered at most as long as the events
   * that rebuild that memory after a restart are kept ({@code journal.retention}; a detector's
   * {@code kafka.state-retention}, see {@link #detection(Config, Duration)}), so a restart never
   * changes which late events raise nothing.
   */
  static DetectionSettings detection(Config c) {
    return detection(c, c.get(Keys.JOURNAL_RETENTION));
  }

  static DetectionSettings detection(Config c, Duration eventsKept) {
    Duration memory = c.get(Keys.FORGOTTEN_SALE_MEMORY);
    return DetectionSettings.builder()
        .printTimeout(c.get(Keys.PRINT_TIMEOUT))
        .outcomeTimeout(c.get(Keys.OUTCOME_TIMEOUT))
        .doubleChargeWindow(c.get(Keys.DOUBLE_CHARGE_WINDOW))
        .silenceFactor(c.get(Keys.SILENCE_FACTOR))
        .gapTimeout(c.get(Keys.GAP_TIMEOUT))
        .reversalTimeout(c.get(Keys.REVERSAL_TIMEOUT))
        .backlogTimeout(c.get(Keys.BACKLOG_TIMEOUT))
        .closedSaleLinger(c.get(Keys.CLOSED_SALE_LINGER))
        .terminalForget(c.get(Keys.TERMINAL_FORGET))
        .forgottenSaleMemory(memory.compareTo(eventsKept) < 0 ? memory : eventsKept)
        .maxSalesPerTerminal(c.get(Keys.MAX_SALES_PER_TERMINAL))
        .tick(c.get(Keys.TICK))
        .build();
  }

  /**
   * Where the shards and the Kafka detector name a terminal whose new sales they do not check: at
   * most once per terminal per log.reject-interval, like a terminal's refused messages.
   */
  static UncheckedSalesLog uncheckedSalesLog(Config c) {
    return new UncheckedSalesLog(new LogLimiter(c.get(Keys.REJECT_LOG_INTERVAL), Ticker.systemTicker()),
        c.get(Keys.MAX_SALES_PER_TERMINAL));
  }

  /** The store of the daemon and of every CLI command that opens it. */
  public static StoreSettings store(Config c) {
    StoreSettings s = StoreSettings.defaults(Path.of(c.get(Keys.DATA_DIR)))
        .withSynchronous(c.get(Keys.JOURNAL_SYNC).equals("full") ? StoreSettings.Synchronous.FULL : StoreSettings.Synchronous.NORMAL)
        .withQueueCapacity(c.get(Keys.JOURNAL_QUEUE))
        .withMaxBatch(c.get(Keys.JOURNAL_MAX_BATCH))
        .withLingerMs(c.get(Keys.JOURNAL_LINGER).toMillis());
    return c.get(Keys.STORE).equals("postgres") ? s.withPostgres(postgres(c)) : s;
  }

  /**
   * The store as a one-shot CLI command opens it: like the daemon's, except that an unreachable
   * PostgreSQL is waited for 10 s at most (a command should fail and say so, not hang).
   */
  public static StoreSettings cliStore(Config c) {
    StoreSettings s = store(c);
    if (s.postgres() != null && s.postgres().connectWait().isZero()) {
      return s.withPostgres(s.postgres().withConnectWait(java.time.Duration.ofSeconds(10)));
    }
    return s;
  }

  static PostgresSettings postgres(Config c) {
    String url = c.get(Keys.STORE_URL);
    if (url.isEmpty()) {
      throw new ConfigException("store=postgres needs store.url (jdbc:postgresql://host:5432/database)");
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new ConfigException("store.url must start with jdbc:postgresql:, got " + url);
    }
    String passwordFile = c.get(Keys.STORE_PASSWORD_FILE);
    String password = passwordFile.isEmpty() ? null : PostgresSettings.readPassword(Path.of(passwordFile));
    String ca = c.get(Keys.STORE_TLS_CA_FILE);
    return new PostgresSettings(url, c.get(Keys.STORE_USER), password, c.get(Keys.STORE_POOL_SIZE), c.get(Keys.STORE_TLS),
        ca.isEmpty() ? null : Path.of(ca), c.get(Keys.STORE_CONNECT_WAIT));
  }

  static BrokerSettings broker(Config c) {
    URI url = c.get(Keys.BROKER_URL);
    boolean tls = url.getScheme().equals("ssl");
    BrokerClientCertificate certificate = DaemonTls.brokerCertificate(c); // checked with or without ssl://
    BrokerSettings.Builder b = BrokerSettings.builder(url.getHost(), url.getPort() > 0 ? url.getPort() : tls ? 8883 : 1883)
        .credentials(c.get(Keys.BROKER_USERNAME), c.get(Keys.BROKER_PASSWORD))
        .clientId(c.get(Keys.BROKER_CLIENT_ID))
        .sharedGroup(c.get(Keys.BROKER_SHARED_GROUP))
        .partition(c.get(Keys.BROKER_PARTITION)[0], c.get(Keys.BROKER_PARTITION)[1])
        .reconnect(c.get(Keys.BROKER_RECONNECT_MIN), c.get(Keys.BROKER_RECONNECT_MAX))
        // The broker may send without limit: what TillWatch holds unacknowledged is bounded like the journal's queue.
        .maxUnacknowledged(c.get(Keys.JOURNAL_QUEUE));
    return tls ? b.tls(c.get(Keys.BROKER_CA_FILE), certificate).build() : b.build();
  }

  static ConnectionLimits connectionLimits(Config c) {
    return new ConnectionLimits(c.get(Keys.MQTT_MAX_CONNECTIONS), c.get(Keys.MQTT_MAX_IN_FLIGHT),
        (int) c.get(Keys.MQTT_MAX_KEEP_ALIVE).toSeconds(), c.get(Keys.MQTT_MESSAGE_RATE), c.get(Keys.MQTT_MESSAGE_BURST));
  }

  /** How long a terminal command stays valid after it is issued. */
  static java.time.Duration commandExpiry(Config c) {
    return c.get(Keys.COMMANDS_EXPIRY);
  }

  /** Engine shards: {@code shards}, or one per core when 0. */
  static int shardCount(Config c) {
    return c.get(Keys.SHARDS) > 0 ? c.get(Keys.SHARDS) : Runtime.getRuntime().availableProcessors();
  }

  /** How long an OPEN task may wait for an acknowledgement, by severity, before it is overdue. */
  static AckDeadlines ackDeadlines(Config c) {
    return new AckDeadlines(c.get(Keys.ESCALATION_ACK_CRITICAL), c.get(Keys.ESCALATION_ACK_WARNING),
        c.get(Keys.ESCALATION_ACK_INFO));
  }

  public static io.tillwatch.reconcile.ReconcileSettings reconcile(Config config) {
    return new io.tillwatch.reconcile.ReconcileSettings(config.get(Keys.RECONCILE_ZONE), config.get(Keys.RECONCILE_MATCH_WINDOW),
        config.get(Keys.JOURNAL_RETENTION), config.get(Keys.RECONCILE_CSV_COLUMNS));
  }
}
