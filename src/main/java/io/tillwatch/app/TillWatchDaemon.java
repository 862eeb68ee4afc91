package io.tillwatch.app;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tillwatch.app.config.Config;
import io.tillwatch.app.config.ConfigException;
import io.tillwatch.app.config.Keys;
import io.tillwatch.auth.Authenticator;
import io.tillwatch.commands.CommandChannel;
import io.tillwatch.commands.CommandService;
import io.tillwatch.http.ApiAuth;
import io.tillwatch.http.HttpApi;
import io.tillwatch.http.TerminalRefusals;
import io.tillwatch.http.auth.TokenStore;
import io.tillwatch.ingest.BrokerCommandChannel;
import io.tillwatch.ingest.BrokerIngestVerticle;
import io.tillwatch.ingest.ClientRegistry;
import io.tillwatch.ingest.EmbeddedCommandChannel;
import io.tillwatch.ingest.EndpointServices;
import io.tillwatch.ingest.IngestPipeline;
import io.tillwatch.ingest.LastRefusals;
import io.tillwatch.ingest.LocalDetection;
import io.tillwatch.ingest.MqttEndpointVerticle;
import io.tillwatch.ingest.ProtocolErrors;
import io.tillwatch.ingest.RejectLog;
import io.tillwatch.ingest.Subscriptions;
import io.tillwatch.ingest.TelemetrySink;
import io.tillwatch.ingest.TerminalLoops;
import io.tillwatch.metrics.CommandMetrics;
import io.tillwatch.metrics.ReconcileMetrics;
import io.tillwatch.metrics.TaskMetrics;
import io.tillwatch.metrics.TillWatchMetrics;
import io.tillwatch.publish.OpsTopicPublisher;
import io.tillwatch.reconcile.DropFolder;
import io.tillwatch.reconcile.Reconciler;
import io.tillwatch.runtime.EngineShards;
import io.tillwatch.runtime.Recovery;
import io.tillwatch.runtime.TerminalOwnership;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.store.TaskChangeFeed;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskIndex;
import io.tillwatch.tasks.TaskService;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires TillWatch together and runs its life cycle.
 *
 * <p>Start: open the store (migrations), load unresolved tasks, open HTTP (so health answers
 * "not ready" during recovery), recover engine state from the journal, put the engine shards on
 * their event loops, then open the MQTT endpoint; ready once all of that is done and while the
 * journal commits. Stop (SIGTERM): refuse new messages (unacknowledged ones are resent by the
 * terminals), let every accepted write commit and its acknowledgement go out, close MQTT and HTTP,
 * stop the shards, then close the store, which commits whatever is still queued.
 */
public final class TillWatchDaemon {
  private static final Logger LOG = LoggerFactory.getLogger(TillWatchDaemon.class);

  private final Config config;
  private final Vertx vertx;
  private final PrometheusMeterRegistry registry;
  private final SqlStore store;
  private final TaskService tasks;
  /** Null on SQLite: one process owns the file. */
  private final TaskChangeFeed taskFeed;
  private final CommandService commands;
  private final DaemonFollowUp followUp;
  private final DaemonNotify notify;
  private final Reconciler reconciler;
  private final DropFolder dropFolder;
  /** Null in the cluster roles: detection runs in Kafka Streams (see DaemonCluster). */
  private final EngineShards shards;
  /** Null in the single process. */
  private final DaemonCluster cluster;
  private final HttpApi http;
  private final TokenStore tokenStore;
  private final List<MqttEndpointVerticle> endpoints = new ArrayList<>();
  private final List<String> endpointDeployments = new ArrayList<>();
  private final AtomicInteger activeConnections = new AtomicInteger();
  private volatile boolean accepting;
  private volatile boolean started;
  private volatile Recovery.Result recovery;
  private final boolean brokerMode;
  private volatile BrokerIngestVerticle broker;
  private final DaemonTls tls;

  private TillWatchDaemon(Config config, Clock clock, StartedParts opened) {
    this.config = config;
    if (config.get(Keys.HTTP_MANAGEMENT_PORT) < 0 && !config.get(Keys.HTTP_MANAGEMENT_HOST).isEmpty()) {
      throw new ConfigException("http.management-host is set but http.management-port is not: give both for a separate "
          + "/metrics and health listener");
    }
    ListenerPorts.check(config, !config.get(Keys.INGEST_MODE).equals("broker"));
    this.tokenStore = config.get(Keys.HTTP_AUTH).equals("token") ? new TokenStore(Keys.tokensFile(config))
        : null;
    this.tls = DaemonTls.load(config); // before anything opens: a bad certificate stops start-up
    int cores = Runtime.getRuntime().availableProcessors();
    int shardCount = DaemonSettings.shardCount(config);
    this.registry = DaemonMetrics.registry();
    TillWatchMetrics metrics = new TillWatchMetrics(registry, Version.get());

    StoreSettings storeSettings = DaemonSettings.store(config);
    DaemonCluster.check(config, storeSettings.postgres() != null);
    boolean embedded = config.get(Keys.ROLE).equals("embedded");
    // A shared store may keep start-up waiting (store.connect-wait): say "alive" meanwhile.
    StartupHealth waiting = storeSettings.postgres() == null ? null : startupHealth(config, tls);
    try {
      this.store = openStore(storeSettings, metrics);
    } finally {
      if (waiting != null) {
        waiting.close();
      }
    }
    metrics.bindStore(store.writer()::reachable);

    opened.add("store", store::close);
    // Created after the store so that a failed start closes it first: nothing may write to a closed store.
    this.vertx = Vertx.builder()
        .with(new VertxOptions().setEventLoopPoolSize(Math.max(2 * cores, shardCount)).setMetricsOptions(DaemonMetrics.vertxOptions()))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    opened.add("Vert.x (listeners, shards, timers)", () -> awaitQuietly(vertx.close()));

    Subscriptions subscriptions = new Subscriptions();
    this.brokerMode = config.get(Keys.INGEST_MODE).equals("broker");
    // The terminals this instance watches: its partition in broker mode, all of them otherwise.
    // In a cluster, the terminals of the partitions detected here (they move, so it is asked each time).
    TerminalOwnership ownership = brokerMode ? DaemonSettings.broker(config)::owns : TerminalOwnership.ALL;
    metrics.ingestMode(config.get(Keys.INGEST_MODE));
    TaskIndex index = new TaskIndex(DaemonSettings.ackDeadlines(config));
    this.tasks = new TaskService(store.tasks(), store.saleTimeline(), index, clock);
    tasks.addListener(new TaskMetrics(metrics));
    tasks.addListener(new TaskLog());
    // Task changes go out through whichever ingest runs; the broker adapter exists only later.
    tasks.addListener(brokerMode ? OpsTopicPublisher.toSharedBroker((topic, payload) -> {
      if (broker != null) {
        broker.publish(topic, payload);
      }
    }) : OpsTopicPublisher.toOwnEndpoint(subscriptions::publish));
    // A shared store: other instances' task changes, listened for before the list is loaded so none falls in between.
    this.taskFeed = store.watchTaskChanges(tasks::peerChanged).orElse(null);
    if (taskFeed != null) {
      opened.add("task change feed", taskFeed::close);
    }
    int unresolved = tasks.loadUnresolved();

    if (!embedded) {
      this.cluster = DaemonCluster.start(config, tasks, store.journal(), registry, clock, opened);
      ownership = cluster.ownership();
    } else {
      this.cluster = null;
    }

    // Terminal commands (reprints): the outbox, its metrics; the channel is the ingest's, attached below.
    this.commands = new CommandService(store.commands(), clock, DaemonSettings.commandExpiry(config));
    commands.addListener(new CommandMetrics(metrics));
    metrics.bindCommands(commands::pendingCount);
    if (cluster != null) {
      cluster.followCommands(commands, opened); // positioned first: nothing falls between it and the load
    }
    LOG.info("{} unresolved tasks and {} open terminal commands loaded", unresolved, commands.loadOpen());
    if (cluster != null) {
      cluster.startFollowingCommands();
    }

    // The 补单 loop: back-office look-ups for money tasks, reprints through the commands above.
    CommandReprints reprints = new CommandReprints(commands);
    commands.addListener(reprints);
    this.followUp = DaemonFollowUp.create(config, vertx, clock, store, tasks, reprints, registry);
    reprints.attach(followUp.service());
    opened.add("back-office follow-up", followUp::close);
    followUp.start();

    // Webhooks: each merchant's new money tasks and overdue ones; a listener that only enqueues.
    this.notify = DaemonNotify.start(config, vertx, clock, tasks, registry, ownership);
    opened.add("webhook notifications", notify::close);

    // Settlement bills: imported from the drop folder inside the daemon, so tasks, metrics and the ops topic hear of them.
    ReconcileMetrics reconcileMetrics = new ReconcileMetrics(metrics);
    reconcileMetrics.restore(store.reconcile().lastImportedAtMs());
    this.reconciler = new Reconciler(store.reconcile(), tasks, DaemonSettings.reconcile(config), reconcileMetrics, clock);
    String drop = config.get(Keys.RECONCILE_DROP_DIR);
    if (!drop.isEmpty()) {
      this.dropFolder = new DropFolder(Path.of(drop), reconciler, Duration.ofSeconds(10), Duration.ofSeconds(5),
          ZoneId.systemDefault(), clock);
      startDropFolder(dropFolder);
      opened.add("bill drop folder", dropFolder::stop);
    } else {
      this.dropFolder = null;
    }

    // Held back by what is inside TillWatch and not yet applied: uncommitted writes, and in broker mode
    // messages waiting on their terminal's shard before they are even journaled (the broker adapter exists only later).
    this.shards = embedded ? EngineShards.create(shardCount, DaemonSettings.detection(config), tasks, clock, metrics,
        () -> Math.max(store.journal().uncommittedAgeMs(), broker == null ? 0 : broker.unacknowledgedAgeMs()),
        DaemonSettings.uncheckedSalesLog(config)) : null;
    if (embedded) {
      ResolvedTerminalTasks.wire(tasks, shards::taskResolved);
    }
    metrics.bindEngine(embedded ? shards::stats : cluster::stats);
    metrics.bindTasks(kind -> index.summary(clock.millis(), 500).oldestAgeMs(kind, clock.millis()),
        (kind, severity) -> index.summary(clock.millis(), 500).open(kind, severity));
    metrics.bindOverdueTasks(severity -> index.summary(clock.millis(), 500).overdue(severity));
    metrics.bindRuntime(store::queueDepth, activeConnections::get, this::ready);
    metrics.bindProtocolErrors(ProtocolErrors::count);

    ApiAuth auth = ApiAccess.from(config, tokenStore, clock);
    int managementPort = config.get(Keys.HTTP_MANAGEMENT_PORT);
    LastRefusals lastRefusals = new LastRefusals(LastRefusals.DEFAULT_TERMINALS);
    this.http = new HttpApi(vertx, tasks, embedded ? shards : cluster.terminals(), registry, this::ready, auth, managementPort >= 0,
        followUp.service()::reprintByHand,
        (m, t) -> lastRefusals.last(m, t).map(r -> new TerminalRefusals.Refusal(r.reason(), r.atMs())));
    await(http.listen(config.get(Keys.HTTP_HOST), config.get(Keys.HTTP_PORT), tls.http()), cause -> ListenFailure.of(
        "HTTP API listener", config.get(Keys.HTTP_HOST), config.get(Keys.HTTP_PORT), Keys.HTTP_HOST, Keys.HTTP_PORT, cause));
    if (managementPort >= 0) {
      String host = config.get(Keys.HTTP_MANAGEMENT_HOST).isEmpty() ? config.get(Keys.HTTP_HOST)
          : config.get(Keys.HTTP_MANAGEMENT_HOST);
      await(http.listenManagement(host, managementPort), cause -> ListenFailure.of("management listener", host,
          managementPort, Keys.HTTP_MANAGEMENT_HOST, Keys.HTTP_MANAGEMENT_PORT, cause));
    }

    if (embedded) {
      this.recovery = Recovery.run(store.journal(), shards, clock.millis(), config.get(Keys.JOURNAL_RETENTION).toMillis(),
          ownership);
      Recovery.reconcile(store.tasks().unresolved().stream().map(Task::key).toList(), shards, tasks, clock.millis(),
          ownership);
      await(shards.deploy(vertx), "engine shards");
    }

    RejectLog rejectLog = new RejectLog(config.get(Keys.REJECT_LOG_INTERVAL), Ticker.systemTicker());
    TelemetrySink sink = embedded ? new LocalDetection(store.journal(), shards) : cluster.gatewaySink();
    IngestPipeline pipeline = new IngestPipeline(new TelemetryDecoder(config.get(Keys.MQTT_MAX_PAYLOAD)), sink, metrics,
        rejectLog, clock, commands, lastRefusals);
    accepting = true;
    if (brokerMode) {
      BrokerCommandChannel commandChannel = new BrokerCommandChannel(commands);
      commands.useChannel(commandChannel);
      // A terminal's messages are decoded and journaled on its engine shard's loop (a gateway: on the client's).
      broker = new BrokerIngestVerticle(DaemonSettings.broker(config), pipeline, metrics, metrics, () -> accepting,
          embedded ? shards : TerminalLoops.CALLER).withCommands(commandChannel);
      endpointDeployments.add(await(vertx.deployVerticle(broker, new DeploymentOptions()), "broker ingest"));
    } else if (sink != null) { // the single process, or a gateway
      ProtocolErrors.sendTo(rejectLog::protocolError);
      CommandChannel local = new EmbeddedCommandChannel(subscriptions, commands);
      commands.useChannel(cluster == null ? local : cluster.commandChannel(local, opened));
      startEmbeddedEndpoint(config, pipeline, subscriptions, metrics, shardCount);
    } else { // a detector alone: its commands go to the gateways
      commands.useChannel(cluster.commandChannel(CommandChannel.NONE, opened));
    }

    long pruneEvery = config.get(Keys.PRUNE_INTERVAL).toMillis();
    vertx.setPeriodic(pruneEvery, pruneEvery, id -> prune(clock, metrics));
    vertx.setPeriodic(5_000, id -> tasks.retryFailed());
    vertx.setPeriodic(1_000, id -> commands.sweep()); // expire commands, resend pending ones that can go out now
    if (cluster != null) {
      // Commands are delivered and answered on whichever gateway holds the terminal: catch up with the shared store.
      vertx.setPeriodic(5_000, id -> vertx.executeBlocking(commands::refreshFromStore, false));
    }
    tls.scheduleReloads(vertx, config);
    if (tokenStore != null) {
      // tillwatch tokens add|revoke take effect without a restart.
      vertx.setPeriodic(2_000, id -> vertx.executeBlocking(tokenStore::reloadIfChanged, false));
    }
    started = true;
  }

  private void startEmbeddedEndpoint(Config config, IngestPipeline pipeline, Subscriptions subscriptions,
      TillWatchMetrics metrics, int shardCount) {
    var options = MqttEndpointVerticle.options(config.get(Keys.MQTT_HOST), config.get(Keys.MQTT_PORT),
        config.get(Keys.MQTT_MAX_PAYLOAD), (int) config.get(Keys.MQTT_CONNECT_TIMEOUT).toSeconds());
    if (tls.mqtt() != null) {
      tls.mqtt().applyTo(options);
    }
    // One deployment with an instance per shard: Vert.x balances connections of one port across
    // the instances of a deployment (and they share the port even when it was given as 0).
    Authenticator authenticator = TerminalAccess.authenticator(config, store.credentials());
    ClientRegistry clients = new ClientRegistry();
    EndpointServices services = new EndpointServices(pipeline, subscriptions, metrics, activeConnections, () -> accepting,
        clients, authenticator, DaemonSettings.connectionLimits(config));
    if (authenticator != null) {
      TerminalAccess.watchCredentials(vertx, store.credentials(), authenticator, clients);
    }
    endpointDeployments.add(await(vertx.deployVerticle(() -> {
      MqttEndpointVerticle v = new MqttEndpointVerticle(options, services);
      synchronized (endpoints) {
        endpoints.add(v);
      }
      return v;
    }, new DeploymentOptions().setInstances(shardCount)), cause -> ListenFailure.of("MQTT endpoint",
        config.get(Keys.MQTT_HOST), config.get(Keys.MQTT_PORT), Keys.MQTT_HOST, Keys.MQTT_PORT, cause)));
  }

  private static void startDropFolder(DropFolder folder) {
    try {
      folder.start();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("could not watch the bill drop folder: " + e.getMessage(), e);
    }
  }

  /** Imports settlement bills into this daemon's store (the drop folder's, and tests'). */
  public Reconciler reconciler() {
    return reconciler;
  }

  /** Starts TillWatch; throws if any part fails to start (and closes what had started). */
  public static TillWatchDaemon start(Config config, Clock clock) {
    StartedParts started = new StartedParts();
    try {
      return new TillWatchDaemon(config, clock, started);
    } catch (RuntimeException | Error e) {
      started.closeAll();
      throw e;
    }
  }

  private SqlStore openStore(StoreSettings settings, TillWatchMetrics metrics) {
    return SqlStore.open(settings, new StoreObserver() {
          @Override
          public void committed(int batchSize, long nanos) {
            metrics.journalCommitted(batchSize, nanos);
          }

          @Override
          public void failed(int batchSize, Throwable cause) {
            metrics.journalCommitFailed();
            LOG.error("store commit of {} writes (journal rows, tasks, commands) failed: {}", batchSize, cause.toString());
          }

          @Override
          public void read(String what, long nanos, boolean failed) {
            metrics.storeRead(what, nanos);
          }

          @Override
          public void reconnecting(Throwable cause) {
            metrics.storeReconnecting();
          }
        }, registry); // the registry also gets PostgreSQL's read pool (hikaricp_connections_*)
  }

  /** The health answers while waiting for the store, on the listener that will serve health (see StartupHealth). */
  private static StartupHealth startupHealth(Config config, DaemonTls tls) {
    int management = config.get(Keys.HTTP_MANAGEMENT_PORT);
    if (management >= 0) {
      String host = config.get(Keys.HTTP_MANAGEMENT_HOST).isEmpty() ? config.get(Keys.HTTP_HOST)
          : config.get(Keys.HTTP_MANAGEMENT_HOST);
      return StartupHealth.open(host, management);
    }
    return tls.http() == null ? StartupHealth.open(config.get(Keys.HTTP_HOST), config.get(Keys.HTTP_PORT)) : null;
  }

  /**
   * Ready: recovered, ingest connected (listening, or subscribed to the broker), journal committing;
   * in a cluster, the endpoint listening if this is a gateway, and detection running if a detector.
   */
  public boolean ready() {
    boolean listens = cluster == null || DaemonCluster.gatewayRole(config);
    boolean ingestUp = brokerMode ? broker != null && broker.connected() : !listens || !endpoints.isEmpty();
    return started && accepting && ingestUp && store.healthy() && (cluster == null || cluster.detecting());
  }

  /** Port of the embedded MQTT endpoint; -1 in broker mode and on a detector alone. */
  public int mqttPort() {
    return brokerMode || endpoints.isEmpty() ? -1 : endpoints.get(0).actualPort();
  }

  public int httpPort() {
    return http.actualPort();
  }

  /** Port of /metrics and health: the separate management listener's, or the API's. */
  public int managementPort() {
    return http.managementPort();
  }

  /** Sends reprint commands to terminals and follows them (the follow-up and the API call {@code send}). */
  public CommandService commands() {
    return commands;
  }

  public Recovery.Result recovery() {
    return recovery;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Graceful stop; safe to call twice. */
  public synchronized void stop() {
    if (!accepting && !started) {
      return;
    }
    LOG.info("stopping: refusing new messages, committing and acknowledging what was accepted");
    accepting = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.queueDepth() > 0 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    // Give the event loops a moment to send the acknowledgements of the last commit.
    awaitQuietly(vertx.timer(200).mapEmpty());
    for (String id : endpointDeployments) {
      awaitQuietly(vertx.undeploy(id));
    }
    if (cluster != null) {
      cluster.closeGateway(); // what is still on its way to Kafka; the terminals resend anything unacknowledged
    }
    awaitQuietly(http.close());
    if (cluster != null) {
      cluster.close(); // commits and leaves the group, so the partitions move at once
    }
    if (taskFeed != null) {
      taskFeed.close(); // nobody here to tell of other instances' changes any more
    }
    followUp.close(); // its pending checks stay stored: the next start resumes them
    notify.close(); // notifications still queued are lost (docs/notify.md)
    if (dropFolder != null) {
      dropFolder.stop(); // waits for an import in progress: a bill is imported whole or not at all
    }
    awaitQuietly(vertx.close());
    store.close();
    started = false;
    LOG.info("stopped");
  }

  private void prune(Clock clock, TillWatchMetrics metrics) {
    vertx.executeBlocking(() -> store.journal().prune(clock.millis(), config.get(Keys.JOURNAL_RETENTION).toMillis(),
        config.get(Keys.TASKS_RETENTION).toMillis()), false).onComplete(ar -> {
          if (ar.succeeded()) {
            metrics.eventsPruned(ar.result());
          } else {
            LOG.warn("retention pass failed: {}", ar.cause().toString());
          }
        });
  }

  private static <T> T await(Future<T> f, String what) {
    return await(f, cause -> new IllegalStateException("could not start the " + what + ": " + cause.getMessage(), cause));
  }

  /** Waits for a part to start; {@code failure} turns what stopped it into the start-up error. */
  private static <T> T await(Future<T> f, Function<Throwable, RuntimeException> failure) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw failure.apply(e.getCause() != null ? e.getCause() : e);
    }
  }

  private static void awaitQuietly(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("while stopping: {}", e.toString());
    }
  }
}
