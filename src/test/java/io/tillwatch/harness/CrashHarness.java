package io.tillwatch.harness;

import static org.awaitility.Awaitility.await;

import io.tillwatch.harness.Ledger.Event;
import io.tillwatch.harness.Ledger.Sale;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The crash-safety driver: runs a simulated fleet against the daemon, SIGKILLs the daemon at
 * seeded random moments under load, restarts it on the same data dir and ports, and at the end
 * compares the stored events and the tasks with the publisher's ground truth (see {@link Ledger}).
 * What happens under load is a random series of kills unless a test gives its own {@link UnderLoad}.
 *
 * <p>Checks: every acknowledged event is stored (events lost = 0): in the journal, or in a cluster's
 * events topic (see {@link StoredEvents}); every finding the
 * ground truth requires exists exactly once as an unresolved task; no two tasks share kind,
 * terminal and txn/subject; no sale that ran cleanly or with another finding has an unexpected
 * unresolved sale-level finding. TERMINAL_SILENT and TELEMETRY_GAP, which kills legitimately
 * cause, are only counted; so are sale-level findings that a kill made fall due before a late
 * event arrived and that were auto-resolved by it.
 */
final class CrashHarness {
  static final String MERCHANT = "hm01";
  private static final Set<String> SALE_KINDS = Set.of("UNCONFIRMED_SALE", "UNPRINTED_RECEIPT", "STUCK_REVERSAL",
      "DOUBLE_CHARGE_RISK");

  private final HarnessSettings settings;
  private final Daemon daemon;
  private final Supplier<List<Path>> daemonLogs;
  private final Consumer<String> out;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(t -> {
    Thread th = new Thread(t, "harness-timer");
    th.setDaemon(true);
    return th;
  });

  CrashHarness(HarnessSettings settings, Daemon daemon, Path daemonLog, Consumer<String> out) {
    this(settings, daemon, () -> daemonLog == null ? List.of() : List.of(daemonLog), out);
  }

  /** With the logs of several processes, as they are at the end (processes may be added), all scanned for errors. */
  CrashHarness(HarnessSettings settings, Daemon daemon, Supplier<List<Path>> daemonLogs, Consumer<String> out) {
    this.settings = settings;
    this.daemon = daemon;
    this.daemonLogs = daemonLogs;
    this.out = out;
  }

  /** The embedded-mode daemon for a run in {@code workDir} (fresh data dir, free ports). */
  static JarDaemon embeddedDaemon(HarnessSettings settings, Path jar, Path workDir) throws IOException {
    Files.createDirectories(workDir);
    Path log = workDir.resolve("daemon.log");
    Files.deleteIfExists(log);
    Files.createFile(log);
    List<String> args = new ArrayList<>(settings.detectionSettings());
    args.addAll(settings.daemonSettings());
    return JarDaemon.embedded(jar, workDir.resolve("data"), log, freePort(), freePort(), args);
  }

  static int freePort() {
    return io.tillwatch.e2e.FreePorts.next(); // never the same port twice in this JVM
  }

  /** What happens to the system under test while the fleet produces; the drain and the checks follow. */
  interface UnderLoad {
    void run(CrashHarness harness, Report r, Ledger ledger, Fleet fleet) throws Exception;
  }

  /** Kills at seeded random moments under load, each followed by a restart, as many as the settings say. */
  Report run() throws Exception {
    return run(CrashHarness::randomKills);
  }

  Report run(UnderLoad underLoad) throws Exception {
    Report r = new Report();
    r.seed = settings.seed();
    r.killsRequested = settings.kills();
    r.terminals = settings.fleet().terminals();
    Ledger ledger = new Ledger();
    long t0 = System.nanoTime();
    try (Fleet fleet = new Fleet(daemon.terminalEndpoint(), MERCHANT, settings.fleet(), settings.seed(), ledger)) {
      daemon.launch();
      r.readyMs.add(daemon.awaitReady(Duration.ofSeconds(90)));
      fleet.start();
      long loadStart = System.nanoTime();
      underLoad.run(this, r, ledger, fleet);
      // The end: finish the sales in progress, get everything acknowledged, let deadlines pass.
      r.loadMs = (System.nanoTime() - loadStart) / 1_000_000;
      fleet.stopProducing();
      long drainStart = System.nanoTime();
      try {
        await().atMost(settings.drainTimeout()).pollInterval(Duration.ofMillis(100)).until(fleet::drained);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        r.fail("terminals could not get every event acknowledged within " + settings.drainTimeout() + " (" + fleet.pending()
            + " pending)");
        fleet.stuck().forEach(t -> r.example("not drained: " + t));
      }
      r.drainMs = (System.nanoTime() - drainStart) / 1_000_000;
      r.settleMs = awaitSettled(Instant.now());
      List<JsonObject> apiTasks = new HarnessApi(daemon.httpBase()).allTasks();
      r.apiTasks = apiTasks.size();
      r.sigtermExit = daemon.terminate();
      if (r.sigtermExit != 0) {
        r.fail("SIGTERM at the end exited with " + r.sigtermExit);
      }
      verify(r, ledger, apiTasks);
    } finally {
      daemon.close();
      timer.shutdownNow();
    }
    r.runMs = (System.nanoTime() - t0) / 1_000_000;
    scanLogs(r);
    return r;
  }

  private void randomKills(Report r, Ledger ledger, Fleet fleet) throws Exception {
    Random rnd = new Random(settings.seed());
    int kills = 0;
    while (kills < settings.kills()) {
      loadFor(Duration.ofMillis(uniform(rnd, settings.killMin().toMillis(), settings.killMax().toMillis())));
      daemon.kill9();
      kills++;
      daemon.launch();
      if (kills < settings.kills() && rnd.nextDouble() < settings.startupKillRate()) {
        loadFor(Duration.ofMillis(uniform(rnd, 0, 1500))); // somewhere in JVM start, recovery/replay or just after ready
        daemon.kill9();
        kills++;
        r.killsDuringStartup++;
        daemon.launch();
      }
      r.readyMs.add(daemon.awaitReady(Duration.ofSeconds(90)));
      r.killsSurvived = kills;
      if (kills % 10 == 0 || kills == settings.kills()) {
        out.accept(String.format("  kill %d/%d: acked %d of %d events, %d pending, last restart-to-ready %d ms", kills,
            settings.kills(), ledger.eventsAcked(), ledger.eventsGenerated(), fleet.pending(),
            r.readyMs.get(r.readyMs.size() - 1)));
      }
    }
  }

  /** Lets the system run under load for {@code d}: a stretch of the scenario, not a wait for a condition. */
  void loadFor(Duration d) throws Exception {
    timer.schedule(() -> null, d.toMillis(), TimeUnit.MILLISECONDS).get();
  }

  void say(String line) {
    out.accept(line);
  }

  private static long uniform(Random rnd, long min, long max) {
    return min + (long) (rnd.nextDouble() * (max - min));
  }

  /**
   * Waits until detection's clock has passed every deadline of the load (the last event was received
   * before {@code drained}), then until the task count stays the same for 3 s, as the writes of the
   * last findings land; returns the ms that took. Waiting for a quiet period alone is not enough: a
   * cluster's partition clocks can stand still for half a minute after a gateway kill, and no task
   * appears while they do.
   */
  private long awaitSettled(Instant drained) {
    Instant due = drained.plus(settings.deadline()).plusSeconds(1);
    long start = System.nanoTime();
    await().atMost(settings.settleTimeout()).pollInterval(Duration.ofMillis(250))
        .until(() -> !daemon.detectionClock().isBefore(due));
    AtomicLong last = new AtomicLong(-1);
    await().pollInterval(Duration.ofMillis(250)).during(Duration.ofSeconds(3)).atMost(settings.settleTimeout()).until(() -> {
      long n = count("SELECT COUNT(*) FROM tasks");
      return n == last.getAndSet(n);
    });
    return (System.nanoTime() - start) / 1_000_000;
  }

  private long count(String sql) throws Exception {
    try (Connection c = db(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection db() throws Exception {
    return DriverManager.getConnection(daemon.storeUrl());
  }

  private record TaskRow(String id, String kind, String terminal, String txn, String subject, String state,
      String resolution) {
    String identity() {
      return kind + "|" + terminal + "|" + (txn != null ? txn : subject);
    }
  }

  private void verify(Report r, Ledger ledger, List<JsonObject> apiTasks) throws Exception {
    List<Sale> sales = ledger.salesSnapshot();
    r.eventsGenerated = ledger.eventsGenerated();
    r.eventsPublished = ledger.eventsPublished();
    r.eventsAcked = ledger.eventsAcked();
    r.eventsNeverAcked = r.eventsGenerated - r.eventsAcked;
    r.publishAttempts = ledger.publishAttempts.get();
    r.resendsAfterLostAck = ledger.resendsAfterLostAck.get();
    r.deliberateDuplicates = ledger.deliberateDuplicates.get();
    r.deliberateDuplicatesWithDupFlag = ledger.deliberateDuplicatesWithDupFlag.get();
    r.sessionRedeliveredAcks = ledger.sessionRedeliveredAcks.get();
    r.duplicateAcks = ledger.duplicateAcks.get();
    r.reorderedBlocks = ledger.reorderedBlocks.get();
    r.connects = ledger.connects.get();
    r.connectFailures = ledger.connectFailures.get();
    r.connectionsLost = ledger.connectionsLost.get();
    ledger.connectFailureReasons.forEach((k, v) -> r.example("connect failure x" + v + ": " + k));

    // 1. The stored events: every acknowledged (terminal, seq) is there, with the content that was published.
    StoredEvents stored = daemon.storedEvents();
    Map<String, Map<Long, Integer>> storedSeqs = new HashMap<>();
    for (StoredEvents.Row row : stored.read()) {
      r.journalRows++;
      int n = storedSeqs.computeIfAbsent(row.terminal(), k -> new HashMap<>()).merge(row.seq(), 1, Integer::sum);
      if (n > 1) {
        r.journalRedeliveredRows++;
      }
      Event e = ledger.byTerminal.getOrDefault(row.terminal(), Map.of()).get(row.seq());
      if (e == null) {
        r.journalUnknownRows++;
        r.example(stored.name() + " row never published: " + row.terminal() + " seq " + row.seq());
      } else if (!e.sale.txn.equals(row.txn()) || !e.type.equals(row.event())) {
        r.journalMismatchedRows++;
        r.example(stored.name() + " row " + row.terminal() + " seq " + row.seq() + " is " + row.txn() + "/" + row.event()
            + ", published " + e.sale.txn + "/" + e.type);
      }
    }
    List<TaskRow> tasks = new ArrayList<>();
    try (Connection c = db(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, kind, terminal, txn, subject, state, resolution FROM tasks")) {
      while (rs.next()) {
        tasks.add(new TaskRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7)));
      }
    }
    for (Map<Long, Event> events : ledger.byTerminal.values()) {
      for (Event e : events.values()) {
        if (e.acked() && !storedSeqs.getOrDefault(e.sale.terminal, Map.of()).containsKey(e.seq)) {
          r.eventsLost++;
          r.example("acknowledged but not in the " + stored.name() + ": " + e.sale.terminal + " seq " + e.seq + " "
              + e.sale.txn + "/" + e.type);
        }
      }
    }

    // 2. Tasks: the API lists exactly what the table holds; no identity twice.
    r.tasksTotal = tasks.size();
    Set<String> apiIds = new HashSet<>();
    apiTasks.forEach(t -> apiIds.add(t.getString("id")));
    Set<String> dbIds = new HashSet<>();
    tasks.forEach(t -> dbIds.add(t.id()));
    if (!apiIds.equals(dbIds) || apiTasks.size() != tasks.size()) {
      r.fail("the API lists " + apiTasks.size() + " tasks (" + apiIds.size() + " distinct), the table holds " + tasks.size());
    }
    Map<String, List<TaskRow>> byIdentity = new HashMap<>();
    Map<String, List<TaskRow>> bySale = new HashMap<>();
    for (TaskRow t : tasks) {
      r.tasksByKind.merge(t.kind(), 1L, Long::sum);
      byIdentity.computeIfAbsent(t.identity(), k -> new ArrayList<>()).add(t);
      if (t.txn() != null) {
        bySale.computeIfAbsent(t.terminal() + "|" + t.txn(), k -> new ArrayList<>()).add(t);
      }
    }
    for (List<TaskRow> same : byIdentity.values()) {
      if (same.size() > 1) {
        r.duplicateTasks += same.size() - 1;
        r.example("duplicate tasks: " + same);
      }
    }

    // 3. Findings against the ground truth.
    Set<String> knownSales = new HashSet<>();
    for (Sale sale : sales) {
      String key = sale.terminal + "|" + sale.txn;
      knownSales.add(key);
      List<TaskRow> onSale = bySale.getOrDefault(key, List.of());
      r.sales++;
      if (!sale.fullyAcked()) {
        r.tasksOnPartialSales += onSale.size();
        continue;
      }
      r.salesInGroundTruth++;
      String required = sale.script.finding;
      if (required != null) {
        r.findingsRequired++;
        r.requiredByKind.merge(required, 1L, Long::sum);
        List<TaskRow> found = onSale.stream().filter(t -> t.kind().equals(required)).toList();
        if (found.isEmpty()) {
          r.findingsMissing++;
          r.example("missing " + required + " for " + sale.terminal + "/" + sale.txn + " seqs "
              + sale.events.stream().map(e -> e.seq + ":" + e.type).toList());
        } else if (found.stream().anyMatch(t -> "RESOLVED".equals(t.state()))) {
          r.findingsWronglyResolved++;
          r.example("required finding resolved: " + found);
        }
      }
      for (TaskRow t : onSale) {
        if (t.kind().equals(required)) {
          continue;
        }
        if ("RESOLVED".equals(t.state())) {
          r.transientFindingsAutoResolved++;
        } else {
          r.unexpectedOpenFindings++;
          r.example("unexpected " + t + " for a " + sale.script + " sale, seqs "
              + sale.events.stream().map(e -> e.seq + ":" + e.type).toList());
        }
      }
    }
    for (TaskRow t : tasks) {
      if (t.txn() != null && SALE_KINDS.contains(t.kind()) && !knownSales.contains(t.terminal() + "|" + t.txn())) {
        r.unknownTasks++;
        r.example("task for a sale never published: " + t);
      }
    }

    if (r.eventsLost > 0) {
      r.fail(r.eventsLost + " acknowledged events are not in the " + stored.name());
    }
    if (r.journalUnknownRows > 0 || r.journalMismatchedRows > 0) {
      r.fail(stored.name() + " rows that were never published: " + r.journalUnknownRows + ", mismatched: " + r.journalMismatchedRows);
    }
    if (r.findingsMissing > 0) {
      r.fail(r.findingsMissing + " required findings have no task");
    }
    if (r.findingsWronglyResolved > 0) {
      r.fail(r.findingsWronglyResolved + " required findings were resolved although nothing settled them");
    }
    if (r.duplicateTasks > 0) {
      r.fail(r.duplicateTasks + " duplicate tasks");
    }
    if (r.unexpectedOpenFindings > 0) {
      r.fail(r.unexpectedOpenFindings + " unexpected open sale-level findings");
    }
    if (r.unknownTasks > 0) {
      r.fail(r.unknownTasks + " tasks for sales that were never published");
    }
    if (r.killsSurvived != settings.kills()) {
      r.fail("only " + r.killsSurvived + " of " + settings.kills() + " kills were followed by a ready daemon");
    }
  }

  private void scanLogs(Report r) throws IOException {
    for (Path log : daemonLogs.get()) {
      if (!Files.exists(log)) {
        continue;
      }
      try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
        lines.forEach(l -> {
          if (l.contains(" ERROR ")) {
            r.daemonErrorLines++;
            r.logLine(l);
          }
          if (l.contains("could not store")) {
            r.daemonNotStoredLines++;
          }
        });
      }
    }
  }
}
