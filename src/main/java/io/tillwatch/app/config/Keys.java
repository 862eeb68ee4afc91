package io.tillwatch.app.config;

import static io.tillwatch.app.config.Parsers.bool;
import static io.tillwatch.app.config.Parsers.durationIn;
import static io.tillwatch.app.config.Parsers.headerName;
import static io.tillwatch.app.config.Parsers.host;
import static io.tillwatch.app.config.Parsers.intIn;
import static io.tillwatch.app.config.Parsers.nonEmpty;
import static io.tillwatch.app.config.Parsers.oneOf;

import io.tillwatch.engine.DetectionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key with its default and meaning: the single source for the README's
 * configuration table ({@code tillwatch config} prints it) and for validation.
 */
public final class Keys {
  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration YEAR = Duration.ofDays(366);
  /**
   * Where state lives unless configured: the data directory, with the tokens file inside it (so a
   * checkout's tokens land in its ignored data directory, not in the repository root). A packaged
   * install's launcher sets the system property to its state directory (/var/lib/tillwatch), so
   * every command of that install, daemon and CLI alike, defaults to it and never to the directory
   * it was started in.
   */
  private static final String STATE_DIR = System.getProperty("tillwatch.state-dir", "./tillwatch-data");

  public static final Setting<String> MQTT_HOST = new Setting<>("mqtt.host", "127.0.0.1",
      "Address the embedded MQTT endpoint listens on; 0.0.0.0 to accept terminals from the network.", false, host());
  public static final Setting<Integer> MQTT_PORT = new Setting<>("mqtt.port", "1883",
      "Port of the embedded MQTT endpoint (0 picks a free port).", false, intIn(0, 65535));
  public static final Setting<Integer> MQTT_MAX_PAYLOAD = new Setting<>("mqtt.max-payload", "16384",
      "Largest payload accepted, in bytes; larger ones are refused with reason too_large (and acknowledged).", false,
      intIn(256, 1 << 20));
  public static final Setting<Duration> MQTT_CONNECT_TIMEOUT = new Setting<>("mqtt.connect-timeout", "10s",
      "How long a new connection may take to send CONNECT.", false, durationIn(Duration.ofSeconds(1), Duration.ofMinutes(5)));
  public static final Setting<Integer> MQTT_MAX_CONNECTIONS = new Setting<>("mqtt.max-connections", "100000",
      "Most connections held at once (authenticating or connected); beyond it CONNECTs are refused (server unavailable / "
          + "server busy) and counted.", false, intIn(1, 10_000_000));
  public static final Setting<Integer> MQTT_MAX_IN_FLIGHT = new Setting<>("mqtt.max-in-flight", "1000",
      "Messages one connection may have sent and not yet had acknowledged (MQTT 5 Receive Maximum); a client pushing "
          + "past it is disconnected and resends the unacknowledged ones after reconnecting.", false, intIn(1, 65_535));
  public static final Setting<Duration> MQTT_MAX_KEEP_ALIVE = new Setting<>("mqtt.max-keep-alive", "300s",
      "Longest keep-alive a client may ask for (0, none, counts as longer): MQTT 5 clients are told this one instead; "
          + "MQTT 3.1.1 clients are refused. A connection silent for 1.5x its keep-alive is closed.", false,
      durationIn(Duration.ofSeconds(5), Duration.ofSeconds(65_535)));
  public static final Setting<Integer> MQTT_MESSAGE_RATE = new Setting<>("mqtt.message-rate", "20",
      "Messages per second one terminal is served at, sustained; faster ones wait (their PUBACK is delayed, nothing is "
          + "dropped) so a flooding terminal slows only itself.", false, intIn(1, 10_000_000));
  public static final Setting<Integer> MQTT_MESSAGE_BURST = new Setting<>("mqtt.message-burst", "200",
      "Messages a terminal may send at once above mqtt.message-rate (e.g. a backlog flushed after reconnecting).", false,
      intIn(1, 10_000_000));
  public static final Setting<String> HTTP_HOST = new Setting<>("http.host", "127.0.0.1",
      "Address the HTTP API, /metrics and health endpoints listen on.", false, host());
  public static final Setting<Integer> HTTP_PORT = new Setting<>("http.port", "8080",
      "Port of the HTTP API (0 picks a free port).", false, intIn(0, 65535));
  public static final Setting<String> DATA_DIR = new Setting<>("data.dir", STATE_DIR,
      "Directory of the SQLite database (journal, terminals, tasks).", false, nonEmpty());
  public static final Setting<String> STORE = new Setting<>("store", "sqlite",
      "sqlite: the embedded file in data.dir (one instance); postgres: the shared PostgreSQL at store.url, for more than "
          + "one instance (docs/scaling.md).", false, oneOf("sqlite", "postgres"));
  public static final Setting<String> STORE_URL = new Setting<>("store.url", "",
      "store=postgres: JDBC URL of the database, jdbc:postgresql://host:5432/tillwatch.", false, Parsers.optional());
  public static final Setting<String> STORE_USER = new Setting<>("store.user", "tillwatch",
      "store=postgres: the role TillWatch logs in as.", false, nonEmpty());
  public static final Setting<String> STORE_PASSWORD_FILE = new Setting<>("store.password-file", "",
      "store=postgres: file holding the role's password on its first line (empty: no password).", false,
      Parsers.optional());
  public static final Setting<Integer> STORE_POOL_SIZE = new Setting<>("store.pool-size", "8",
      "store=postgres: connections for reads (API, console, recovery); the writer has one more.", false, intIn(1, 200));
  public static final Setting<String> STORE_TLS = new Setting<>("store.tls", "prefer",
      "store=postgres: TLS to the server (the driver's sslmode): disable, prefer, require, verify-ca or verify-full.",
      false, oneOf("disable", "prefer", "require", "verify-ca", "verify-full"));
  public static final Setting<String> STORE_TLS_CA_FILE = new Setting<>("store.tls.ca-file", "",
      "store=postgres: PEM file of the CA that signed the server's certificate (verify-ca, verify-full).", false,
      Parsers.optional());
  public static final Setting<Duration> STORE_CONNECT_WAIT = new Setting<>("store.connect-wait", "0s",
      "store=postgres: how long start-up waits for an unreachable server, logging each attempt (0: until it answers).",
      false, durationIn(Duration.ZERO, YEAR));
  public static final Setting<String> JOURNAL_SYNC = new Setting<>("journal.sync", "full",
      "full: a commit survives power loss (fsync per group commit); normal: survives a process crash only.", false,
      oneOf("full", "normal"));
  public static final Setting<Duration> JOURNAL_LINGER = new Setting<>("journal.linger", "0ms",
      "Extra time a group commit waits to collect more writes; 0 batches whatever queued during the previous commit.",
      false, durationIn(Duration.ZERO, Duration.ofMillis(100)));
  public static final Setting<Integer> JOURNAL_MAX_BATCH = new Setting<>("journal.max-batch", "1024",
      "Most writes in one group commit.", false, intIn(1, 100_000));
  public static final Setting<Integer> JOURNAL_QUEUE = new Setting<>("journal.queue-capacity", "65536",
      "Writes that may wait for a commit; beyond it messages are not acknowledged (counted as overload).", false,
      intIn(16, 10_000_000));
  public static final Setting<Duration> JOURNAL_RETENTION = new Setting<>("journal.retention", "24h",
      "How long events of cleanly closed sales are kept.", false, durationIn(Duration.ofMinutes(1), YEAR));
  public static final Setting<Duration> TASKS_RETENTION = new Setting<>("tasks.retention", "90d",
      "How long resolved tasks (and their sale's events) are kept.", false, durationIn(Duration.ofMinutes(1), Duration.ofDays(3660)));
  public static final Setting<Duration> PRUNE_INTERVAL = new Setting<>("journal.prune-interval", "10m",
      "How often retention is applied.", false, durationIn(Duration.ofSeconds(1), Duration.ofDays(1)));
  /** The engine's defaults, so each detect.* default is stated once, in DetectionSettings. */
  private static final DetectionSettings DETECT = DetectionSettings.defaults();
  public static final Setting<Duration> PRINT_TIMEOUT = new Setting<>("detect.print-timeout", Durations.format(DETECT.printTimeout()),
      "AUTHORIZED with no PRINTED within this: UNPRINTED_RECEIPT.", false, durationIn(MS, YEAR));
  public static final Setting<Duration> OUTCOME_TIMEOUT = new Setting<>("detect.outcome-timeout", Durations.format(DETECT.outcomeTimeout()),
      "STARTED with no outcome within this: UNCONFIRMED_SALE.", false, durationIn(MS, YEAR));
  public static final Setting<Duration> DOUBLE_CHARGE_WINDOW = new Setting<>("detect.double-charge-window", Durations.format(DETECT.doubleChargeWindow()),
      "Same amount authorized within this after a sale in doubt: DOUBLE_CHARGE_RISK.", false, durationIn(MS, YEAR));
  public static final Setting<Integer> SILENCE_FACTOR = new Setting<>("detect.silence-factor", String.valueOf(DETECT.silenceFactor()),
      "Nothing heard for this many heartbeat intervals: TERMINAL_SILENT.", false, intIn(1, 1000));
  public static final Setting<Duration> GAP_TIMEOUT = new Setting<>("detect.gap-timeout", Durations.format(DETECT.gapTimeout()),
      "Missing seqs not filled within this: TELEMETRY_GAP.", false, durationIn(MS, YEAR));
  public static final Setting<Duration> REVERSAL_TIMEOUT = new Setting<>("detect.reversal-timeout", Durations.format(DETECT.reversalTimeout()),
      "REVERSAL_QUEUED with no REVERSED within this: STUCK_REVERSAL.", false, durationIn(MS, YEAR));
  public static final Setting<Duration> BACKLOG_TIMEOUT = new Setting<>("detect.backlog-timeout", Durations.format(DETECT.backlogTimeout()),
      "pendingUploads above 0 for this long: UPLOAD_BACKLOG.", false, durationIn(MS, YEAR));
  public static final Setting<Duration> CLOSED_SALE_LINGER = new Setting<>("detect.closed-sale-linger", Durations.format(DETECT.closedSaleLinger()),
      "How long a closed sale is remembered to absorb late or repeated events (at least the double-charge window).",
      false, durationIn(MS, YEAR));
  public static final Setting<Duration> TERMINAL_FORGET = new Setting<>("detect.terminal-forget", Durations.format(DETECT.terminalForget()),
      "A terminal with no sale tracked and no open silence, backlog or gap finding, not heard for this long, is forgotten.", false, durationIn(Duration.ofSeconds(1), YEAR));
  public static final Setting<Duration> FORGOTTEN_SALE_MEMORY = new Setting<>("detect.forgotten-sale-memory",
      Durations.format(DETECT.forgottenSaleMemory()),
      "How long a closed sale's txn id is remembered after the sale is forgotten, so its late events raise nothing "
          + "(16 bytes a sale; at most journal.retention, or kafka.state-retention on a detector; 0: not at all).", false, durationIn(Duration.ZERO, YEAR));
  public static final Setting<Integer> MAX_SALES_PER_TERMINAL = new Setting<>("detect.max-sales-per-terminal", String.valueOf(DETECT.maxSalesPerTerminal()),
      "Most sales tracked per terminal; beyond it a new sale is journaled but not checked (counted, logged, alerted on).", false, intIn(10, 10_000_000));
  public static final Setting<Duration> TICK = new Setting<>("detect.tick", Durations.format(DETECT.tick()),
      "Resolution of the deadline wheel and how often each shard checks deadlines.", false,
      durationIn(Duration.ofMillis(10), Duration.ofSeconds(10)));
  public static final Setting<Integer> SHARDS = new Setting<>("engine.shards", "0",
      "Engine shards (single writer per terminal each); 0 means one per CPU core.", false, intIn(0, 1024));
  public static final Setting<Duration> REJECT_LOG_INTERVAL = new Setting<>("log.reject-interval", "1m",
      "A terminal's refused messages (per reason) and its unchecked sales are logged at most once per this interval (always counted).", false,
      durationIn(Duration.ZERO, Duration.ofDays(1)));
  public static final Setting<Boolean> MQTT_AUTH = new Setting<>("mqtt.auth", "on",
      "Embedded endpoint: clients authenticate as provisioned terminals (username = client id = terminal id). "
          + "off allows anonymous clients (logged as a warning).", false, Parsers.bool());
  public static final Setting<Integer> MQTT_AUTH_ITERATIONS = new Setting<>("mqtt.auth-iterations", "600000",
      "PBKDF2-HMAC-SHA256 iterations for new secrets (existing hashes keep theirs).", false, intIn(1_000, 10_000_000));
  public static final Setting<Duration> MQTT_AUTH_CACHE = new Setting<>("mqtt.auth-cache", "10m",
      "How long a verified secret is remembered, so reconnect storms cost no hashing; revocation takes effect within it.",
      false, durationIn(Duration.ZERO, Duration.ofDays(1)));
  public static final Setting<Integer> MQTT_AUTH_MAX_FAILURES = new Setting<>("mqtt.auth-max-failures", "5",
      "Failed CONNECTs per minute from one address or client id before further attempts are refused unchecked.", false,
      intIn(1, 1_000_000));
  // TLS: the listeners' key material, client certificates, reloading, broker client certificate.
  public static final Setting<String> MQTT_TLS_CERT_FILE = new Setting<>("mqtt.tls.cert-file", "",
      "PEM certificate chain (server certificate first) of the MQTT endpoint; with mqtt.tls.key-file, mqtt.port speaks "
          + "TLS only (use 8883). Empty: plain MQTT.", false, Parsers.optional());
  public static final Setting<String> MQTT_TLS_KEY_FILE = new Setting<>("mqtt.tls.key-file", "",
      "PEM private key (PKCS#8, PKCS#1 or SEC1, unencrypted) of mqtt.tls.cert-file.", false, Parsers.optional());
  public static final Setting<String> MQTT_TLS_KEYSTORE_FILE = new Setting<>("mqtt.tls.keystore-file", "",
      "PKCS#12 file with the MQTT endpoint's certificate chain and key, instead of the PEM pair.", false, Parsers.optional());
  public static final Setting<String> MQTT_TLS_KEYSTORE_PASSWORD = new Setting<>("mqtt.tls.keystore-password", "",
      "Password of mqtt.tls.keystore-file.", true, Parsers.optional());
  public static final Setting<String> MQTT_TLS_CLIENT_AUTH = new Setting<>("mqtt.tls.client-auth", "none",
      "Terminal certificates: none; request (a certificate from mqtt.tls.ca-file identifies the terminal, else "
          + "username and secret); required (no connection without one). The certificate's terminal id must be the client id.",
      false, oneOf("none", "request", "required"));
  public static final Setting<String> MQTT_TLS_CA_FILE = new Setting<>("mqtt.tls.ca-file", "",
      "PEM bundle of the CAs whose certificates identify terminals (needed with mqtt.tls.client-auth).", false,
      Parsers.optional());
  public static final Setting<String> HTTP_TLS_CERT_FILE = new Setting<>("http.tls.cert-file", "",
      "PEM certificate chain of the HTTP API listener; with http.tls.key-file it speaks HTTPS only. The separate "
          + "management listener stays plain.", false, Parsers.optional());
  public static final Setting<String> HTTP_TLS_KEY_FILE = new Setting<>("http.tls.key-file", "",
      "PEM private key of http.tls.cert-file.", false, Parsers.optional());
  public static final Setting<String> HTTP_TLS_KEYSTORE_FILE = new Setting<>("http.tls.keystore-file", "",
      "PKCS#12 file with the HTTP API's certificate chain and key, instead of the PEM pair.", false, Parsers.optional());
  public static final Setting<String> HTTP_TLS_KEYSTORE_PASSWORD = new Setting<>("http.tls.keystore-password", "",
      "Password of http.tls.keystore-file.", true, Parsers.optional());
  public static final Setting<String> HTTP_TLS_CLIENT_AUTH = new Setting<>("http.tls.client-auth", "none",
      "API client certificates: none, request or required (from http.tls.ca-file); API tokens still identify the caller.",
      false, oneOf("none", "request", "required"));
  public static final Setting<String> HTTP_TLS_CA_FILE = new Setting<>("http.tls.ca-file", "",
      "PEM bundle of the CAs trusted for API client certificates (needed with http.tls.client-auth).", false,
      Parsers.optional());
  public static final Setting<Duration> TLS_RELOAD_INTERVAL = new Setting<>("tls.reload-interval", "1m",
      "How often the TLS files of both listeners are checked; changed ones are loaded for new connections without a "
          + "restart. 0 turns the check off.", false, durationIn(Duration.ZERO, Duration.ofDays(1)));
  public static final Setting<String> BROKER_CERT_FILE = new Setting<>("broker.cert-file", "",
      "Broker mode with ssl://: PEM client certificate chain presented to the broker (empty: none).", false,
      Parsers.optional());
  public static final Setting<String> BROKER_KEY_FILE = new Setting<>("broker.key-file", "",
      "Broker mode: PEM private key of broker.cert-file.", false, Parsers.optional());
  public static final Setting<String> ROLE = new Setting<>("role", "embedded",
      "embedded: one process does everything (the default). Cluster roles, with store=postgres and Kafka at "
          + "kafka.bootstrap: gateway (MQTT endpoint, produces accepted events to Kafka, acknowledges after Kafka did), "
          + "detector (detection as a Kafka Streams application), all (both in one process). See docs/scaling.md.",
      false, oneOf("embedded", "gateway", "detector", "all"));
  public static final Setting<String> KAFKA_BOOTSTRAP = new Setting<>("kafka.bootstrap", "",
      "Cluster roles: Kafka bootstrap servers, host:port[,host:port...].", false, Parsers.optional());
  public static final Setting<String> KAFKA_TOPIC_EVENTS = new Setting<>("kafka.topic.events", "tillwatch.events",
      "Cluster roles: the topic of accepted terminal messages, keyed by merchant/terminal (created if missing).", false,
      nonEmpty());
  public static final Setting<String> KAFKA_TOPIC_COMMANDS = new Setting<>("kafka.topic.commands", "tillwatch.commands",
      "Cluster roles: the topic of commands to terminals, read by every gateway (created if missing).", false, nonEmpty());
  public static final Setting<String> KAFKA_TOPIC_BRIDGE = new Setting<>("kafka.topic.bridge", "",
      "Detector: comma-separated topics an MQTT broker's Kafka bridge writes (EMQX, HiveMQ; docs/telemetry.md), "
          + "validated and re-keyed into kafka.topic.events. Empty: none.", false, Parsers.optional());
  public static final Setting<Integer> KAFKA_PARTITIONS = new Setting<>("kafka.partitions", "12",
      "Partitions of the topics TillWatch creates; the most detectors that share the work. Fixed once created.", false,
      intIn(1, 10_000));
  public static final Setting<Integer> KAFKA_REPLICATION = new Setting<>("kafka.replication", "3",
      "Replication factor of the topics TillWatch creates (min.insync.replicas is one less, at least 1).", false,
      intIn(1, 7));
  public static final Setting<Duration> KAFKA_TICK = new Setting<>("kafka.tick", "1s",
      "Detector: how often each detector writes a clock tick into every partition; deadlines fire on ticks.", false,
      durationIn(Duration.ofMillis(100), Duration.ofSeconds(10)));
  public static final Setting<Duration> KAFKA_TICK_LAG = new Setting<>("kafka.tick-lag", "2s",
      "Detector: how far a tick's time stays behind the wall clock, so an event still on its way from a gateway is "
          + "not overtaken by the deadline it meets. Events that arrive later still are counted as late.", false,
      durationIn(Duration.ZERO, Duration.ofMinutes(5)));
  public static final Setting<Duration> KAFKA_STATE_RETENTION = new Setting<>("kafka.state-retention", "2h",
      "Detector: how long a partition's state keeps events (longer for sales with an open finding); must exceed every "
          + "detection window. Memory and restore time grow with it.", false,
      durationIn(Duration.ofMinutes(10), Duration.ofDays(7)));
  public static final Setting<Integer> KAFKA_STANDBY_REPLICAS = new Setting<>("kafka.standby-replicas", "1",
      "Detector: warm copies of each partition's state on other detectors, so a failover does not wait for a restore.",
      false, intIn(0, 5));
  public static final Setting<String> KAFKA_APPLICATION_ID = new Setting<>("kafka.application-id", "tillwatch-detector",
      "Detector: the Kafka Streams application id (consumer group and prefix of its internal topics).", false,
      nonEmpty());
  public static final Setting<Duration> KAFKA_PRODUCE_TIMEOUT = new Setting<>("kafka.produce-timeout", "30s",
      "Gateway: how long a message may wait for Kafka's acknowledgement before the terminal is told to resend it.", false,
      durationIn(Duration.ofSeconds(1), Duration.ofMinutes(10)));
  public static final Setting<String> INGEST_MODE = new Setting<>("ingest.mode", "embedded",
      "embedded: terminals connect to TillWatch's own MQTT endpoint; broker: TillWatch subscribes to an external broker.",
      false, oneOf("embedded", "broker"));
  public static final Setting<java.net.URI> BROKER_URL = new Setting<>("broker.url", "tcp://127.0.0.1:1883",
      "Broker mode: tcp://host:port or ssl://host:port of the external broker.", false, Parsers.brokerUrl());
  public static final Setting<String> BROKER_USERNAME = new Setting<>("broker.username", "",
      "Broker mode: user name (empty: none).", false, Parsers.optional());
  public static final Setting<String> BROKER_PASSWORD = new Setting<>("broker.password", "",
      "Broker mode: password.", true, Parsers.optional());
  public static final Setting<String> BROKER_CLIENT_ID = new Setting<>("broker.client-id", "tillwatch-1",
      "Broker mode: client id of this instance; fixed, because the broker keeps its persistent session under it.", false,
      nonEmpty());
  public static final Setting<String> BROKER_CA_FILE = new Setting<>("broker.ca-file", "",
      "Broker mode with ssl://: PEM file of the CA to trust (empty: the JVM's trust store).", false, Parsers.optional());
  public static final Setting<String> BROKER_SHARED_GROUP = new Setting<>("broker.shared-group", "",
      "Broker mode: join the shared subscription $share/<group>/... (empty: a plain subscription).", false,
      Parsers.optional());
  public static final Setting<int[]> BROKER_PARTITION = new Setting<>("broker.partition", "0/1",
      "Broker mode: this instance's slice index/count of the terminals (by hash); see docs/scaling.md.", false,
      Parsers.partition());
  public static final Setting<Duration> BROKER_RECONNECT_MIN = new Setting<>("broker.reconnect-min", "500ms",
      "Broker mode: first reconnect delay; doubles per failed attempt, with jitter.", false,
      durationIn(Duration.ofMillis(10), Duration.ofMinutes(5)));
  public static final Setting<Duration> BROKER_RECONNECT_MAX = new Setting<>("broker.reconnect-max", "30s",
      "Broker mode: longest reconnect delay.", false, durationIn(Duration.ofMillis(10), Duration.ofHours(1)));
  public static final Setting<String> HTTP_AUTH = new Setting<>("http.auth", "token",
      "Who may call /api/v1: token (bearer tokens from http.tokens-file, roles read and operator); proxy (trust the "
          + "identity headers of a fronting proxy: only with the API on loopback behind it); off (anyone, logged as a warning).",
      false, oneOf("token", "proxy", "off"));
  public static final Setting<String> HTTP_TOKENS_FILE = new Setting<>("http.tokens-file", "",
      "Token mode: file of API tokens (SHA-256 hashes only), written by 'tillwatch tokens add'; re-read when it changes. "
          + "Empty: the file tokens in data.dir.", false, s -> s);
  /** The API tokens file: {@code http.tokens-file}, or the file {@code tokens} in {@code data.dir} when that is empty. */
  public static Path tokensFile(Config c) {
    String file = c.get(HTTP_TOKENS_FILE);
    return file.isEmpty() ? Path.of(c.get(DATA_DIR), "tokens") : Path.of(file);
  }

  public static final Setting<String> HTTP_PROXY_USER_HEADER = new Setting<>("http.proxy-user-header", "X-Forwarded-User",
      "Proxy mode: request header carrying the authenticated user's name, set by the fronting proxy.", false, headerName());
  public static final Setting<String> HTTP_PROXY_ROLE_HEADER = new Setting<>("http.proxy-role-header", "X-Forwarded-Role",
      "Proxy mode: request header carrying the user's role (read or operator); absent means read.", false, headerName());
  public static final Setting<Duration> HTTP_SESSION_TTL = new Setting<>("http.session.ttl", "8h",
      "Console sessions: idle time after which the console must sign in again. Sessions are held in memory: a restart "
          + "signs everyone out.", false, durationIn(Duration.ofMinutes(1), Duration.ofDays(30)));
  public static final Setting<String> HTTP_MANAGEMENT_HOST = new Setting<>("http.management-host", "",
      "Address of the separate /metrics and /health listener (empty: http.host); used only with http.management-port.",
      false, Parsers.optional());
  public static final Setting<Integer> HTTP_MANAGEMENT_PORT = new Setting<>("http.management-port", "",
      "Port of a separate, unauthenticated listener for /metrics and /health/* only (0 picks a free port). Empty: they "
          + "are served on the API listener, exempt from authentication.", false, Parsers.optionalPort());
  public static final Setting<Duration> COMMANDS_EXPIRY = new Setting<>("commands.expiry", "30m",
      "How long a terminal command (receipt reprint) stays valid after it is issued: it is sent until the terminal (or "
          + "the broker) acknowledges it, and without a result by then it is expired; terminals ignore it after its "
          + "expiresAt.", false, durationIn(Duration.ofSeconds(1), Duration.ofDays(7)));

  public static final Setting<String> BACKOFFICE_FILE = new Setting<>("backoffice.file", "",
      "YAML file of the acquirers' and wallets' back offices TillWatch asks whether a sale in doubt was charged, and which "
          + "merchant (and payment method) uses which; keys and secrets are read from the files it names "
          + "(docs/backoffice.md). Empty: no look-ups, tasks keep their manual next step.", false, Parsers.optional());
  public static final Setting<List<Duration>> BACKOFFICE_SCHEDULE = new Setting<>("backoffice.schedule", "30s,2m,10m,30m,2h",
      "When to ask a back office again after the first look-up (made at once) while its answer is not final: each delay "
          + "in turn, then the task says to check by hand.", false, Parsers.durationsIn(Duration.ofSeconds(1), Duration.ofDays(2)));

  public static final Setting<String> RECONCILE_DROP_DIR = new Setting<>("reconcile.drop-dir", "",
      "Folder the daemon watches for settlement bills to import (wechatpay-2026-12-01.csv, or <format>/2026-12-01.csv); "
          + "imported files move to done/, refused ones to refused/ with the reason beside. Empty: no folder is watched.",
      false, Parsers.optional());
  public static final Setting<java.time.ZoneId> RECONCILE_ZONE = new Setting<>("reconcile.zone", "Asia/Shanghai",
      "Time zone of settlement bills: their times and the day a bill covers.", false, Parsers.zone());
  public static final Setting<Duration> RECONCILE_MATCH_WINDOW = new Setting<>("reconcile.match-window", "5m",
      "A bill line without a known order number matches a sale of the same terminal and amount within this.", false,
      durationIn(Duration.ofSeconds(1), Duration.ofHours(24)));
  public static final Setting<io.tillwatch.reconcile.CsvColumnMapping> RECONCILE_CSV_COLUMNS = new Setting<>(
      "reconcile.csv-columns", "",
      "Generic CSV bills: header names of the fields, e.g. ref=Order No,amount=Amount,time=Paid At,amount-unit=major "
          + "(fields: merchant, terminal, ref, acquirer_ref, rrn, amount, currency, status, time; empty: those names).",
      false, io.tillwatch.reconcile.CsvColumnMapping::parse);

  public static final Setting<Duration> ESCALATION_ACK_CRITICAL = new Setting<>("escalation.ack-within.critical", "10m",
      "An OPEN critical task nobody acknowledged within this (from its detection) is overdue: marked in the console, "
          + "counted in tillwatch_tasks_overdue, notified by webhook once.", false, durationIn(Duration.ofSeconds(1), YEAR));
  public static final Setting<Duration> ESCALATION_ACK_WARNING = new Setting<>("escalation.ack-within.warning", "1h",
      "The same for warning tasks.", false, durationIn(Duration.ofSeconds(1), YEAR));
  public static final Setting<Duration> ESCALATION_ACK_INFO = new Setting<>("escalation.ack-within.info", "4h",
      "The same for info tasks.", false, durationIn(Duration.ofSeconds(1), YEAR));

  public static final Setting<String> NOTIFY_FILE = new Setting<>("notify.file", "",
      "YAML file of the webhooks (generic signed JSON, WeCom or DingTalk group robots) that hear of each merchant's new "
          + "money tasks and of tasks that become overdue, with the rate limit and retries (docs/notify.md). Empty: none.",
      false, Parsers.optional());

  /**
   * The settings past which TillWatch stops promising something (checks a sale, keeps state,
   * accepts input): docs/guarantees.md has a row for each, saying what the operator sees then, and
   * GuaranteesDocTest keeps the two lists the same.
   */
  public static final List<Setting<?>> BOUNDS = List.of(MQTT_MAX_PAYLOAD, REJECT_LOG_INTERVAL, MQTT_MAX_CONNECTIONS,
      MQTT_CONNECT_TIMEOUT, MQTT_MAX_KEEP_ALIVE, MQTT_MAX_IN_FLIGHT, MQTT_MESSAGE_RATE, MQTT_MESSAGE_BURST,
      MQTT_AUTH_MAX_FAILURES, JOURNAL_QUEUE, KAFKA_PRODUCE_TIMEOUT, MAX_SALES_PER_TERMINAL, CLOSED_SALE_LINGER,
      FORGOTTEN_SALE_MEMORY, KAFKA_STATE_RETENTION, TERMINAL_FORGET, KAFKA_TICK_LAG, JOURNAL_RETENTION, TASKS_RETENTION,
      BACKOFFICE_SCHEDULE, RECONCILE_MATCH_WINDOW, COMMANDS_EXPIRY, STORE_CONNECT_WAIT);

  public static final List<Setting<?>> ALL = List.of(MQTT_HOST, MQTT_PORT, MQTT_MAX_PAYLOAD, MQTT_CONNECT_TIMEOUT, MQTT_MAX_CONNECTIONS, MQTT_MAX_IN_FLIGHT,
      MQTT_MAX_KEEP_ALIVE, MQTT_MESSAGE_RATE, MQTT_MESSAGE_BURST,
      HTTP_HOST, HTTP_PORT, DATA_DIR, STORE, STORE_URL, STORE_USER, STORE_PASSWORD_FILE, STORE_POOL_SIZE,
      STORE_TLS, STORE_TLS_CA_FILE, STORE_CONNECT_WAIT, JOURNAL_SYNC, JOURNAL_LINGER, JOURNAL_MAX_BATCH, JOURNAL_QUEUE, JOURNAL_RETENTION,
      TASKS_RETENTION, PRUNE_INTERVAL, PRINT_TIMEOUT, OUTCOME_TIMEOUT, DOUBLE_CHARGE_WINDOW, SILENCE_FACTOR, GAP_TIMEOUT,
      REVERSAL_TIMEOUT, BACKLOG_TIMEOUT, CLOSED_SALE_LINGER, TERMINAL_FORGET, FORGOTTEN_SALE_MEMORY, MAX_SALES_PER_TERMINAL, TICK, SHARDS,
      REJECT_LOG_INTERVAL, MQTT_AUTH, MQTT_AUTH_ITERATIONS, MQTT_AUTH_CACHE, MQTT_AUTH_MAX_FAILURES, INGEST_MODE, BROKER_URL,
      BROKER_USERNAME, BROKER_PASSWORD, BROKER_CLIENT_ID, BROKER_CA_FILE, BROKER_SHARED_GROUP, BROKER_PARTITION,
      BROKER_RECONNECT_MIN, BROKER_RECONNECT_MAX, HTTP_AUTH, HTTP_TOKENS_FILE, HTTP_PROXY_USER_HEADER, HTTP_PROXY_ROLE_HEADER,
      HTTP_SESSION_TTL, HTTP_MANAGEMENT_HOST, HTTP_MANAGEMENT_PORT,
      MQTT_TLS_CERT_FILE, MQTT_TLS_KEY_FILE, MQTT_TLS_KEYSTORE_FILE, MQTT_TLS_KEYSTORE_PASSWORD, MQTT_TLS_CLIENT_AUTH,
      MQTT_TLS_CA_FILE, HTTP_TLS_CERT_FILE, HTTP_TLS_KEY_FILE, HTTP_TLS_KEYSTORE_FILE, HTTP_TLS_KEYSTORE_PASSWORD,
      HTTP_TLS_CLIENT_AUTH, HTTP_TLS_CA_FILE, TLS_RELOAD_INTERVAL, BROKER_CERT_FILE, BROKER_KEY_FILE,
      BACKOFFICE_FILE, BACKOFFICE_SCHEDULE, COMMANDS_EXPIRY, RECONCILE_DROP_DIR, RECONCILE_ZONE,
      RECONCILE_MATCH_WINDOW, RECONCILE_CSV_COLUMNS,
      ESCALATION_ACK_CRITICAL, ESCALATION_ACK_WARNING, ESCALATION_ACK_INFO, NOTIFY_FILE, ROLE, KAFKA_BOOTSTRAP,
      KAFKA_TOPIC_EVENTS, KAFKA_TOPIC_COMMANDS, KAFKA_TOPIC_BRIDGE, KAFKA_PARTITIONS, KAFKA_REPLICATION, KAFKA_TICK,
      KAFKA_TICK_LAG, KAFKA_STATE_RETENTION, KAFKA_STANDBY_REPLICAS, KAFKA_APPLICATION_ID, KAFKA_PRODUCE_TIMEOUT);

  private static final Map<String, Setting<?>> BY_KEY = new LinkedHashMap<>();

  static {
    for (Setting<?> s : ALL) {
      BY_KEY.put(s.key(), s);
    }
  }

  private Keys() {}

  public static Setting<?> byKey(String key) {
    return BY_KEY.get(key);
  }
}
