package io.tillwatch.bench;

import io.tillwatch.store.BenchRows;
import io.tillwatch.store.PostgresSettings;
import io.tillwatch.store.SqlStore;
import io.tillwatch.store.StoreObserver;
import io.tillwatch.store.StoreSettings;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import io.tillwatch.testsupport.PostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The event journal on PostgreSQL against bare inserts of the same rows on the same server. A
 * command (bench/store-journal.sh), not a test.
 *
 * <p>Method. One PostgreSQL server of its own, {@code fsync=on}, {@code synchronous_commit=on} (the
 * server's default; the writer pins it too). Phases, each on an emptied table after a CHECKPOINT,
 * so none inherits another's dirty pages or table size:
 * <ul>
 *   <li>{@code pgbench-1row}: pgbench, {@code clients} connections, one INSERT per transaction: what
 *       pgbench does, and what an application without group commit would do;</li>
 *   <li>{@code pgbench-txK}: pgbench, ONE connection (the writer has one), K single-row INSERTs per
 *       transaction, K = the mean batch the writer reached in the warm-up phase;</li>
 *   <li>{@code pgbench-valuesK}: the same K rows as ONE multi-row INSERT per transaction: the
 *       strongest peer, the fewest statements and round trips the rows can take;</li>
 *   <li>{@code tillwatch}: {@code EventJournal.append} from {@code clients} threads, each waiting for
 *       its commit before its next append (as many rows in flight as pgbench-1row), through the
 *       group-commit writer.</li>
 *   <li>{@code tillwatch-unbatched}: the same through the same writer, but each row executed alone
 *       (one round trip per row) as the journal did before it deferred rows: what deferring buys.</li>
 * </ul>
 * TillWatch's phase alternates with each peer's (T P1 T P2 T P3 T P4 T P1 ...), so a disturbance of
 * the shared machine shows as one odd ratio instead of biasing one side; each ratio is the mean of
 * the two TillWatch phases on either side of a peer's phase over that phase, and the report gives
 * every ratio and the median per peer.
 *
 * <p>The rows: the same columns and values on both sides (a decoded AUTHORIZED event: amount,
 * currency, method, rrn, auth code, masked PAN, order ref), varying txn, terminal (one of 2,000),
 * seq and times per row. pgbench runs with {@code -M prepared}, as the JDBC driver uses server-side
 * prepared statements for a reused PreparedStatement.
 */
public final class StoreBench {
  private static final String COLUMNS = "received_ms, merchant, terminal, txn, seq, event, at_ms, amount, currency, "
      + "method, rrn, auth_code, pan, ref";
  private static final String MERCHANT = "m001";
  private static final long AMOUNT = 12_850;
  private static final String CURRENCY = "CNY";
  private static final String RRN = "433412345678";
  private static final String AUTH = "A1B2C3";
  private static final String PAN = "622848******1234";
  private static final String REF = "wx20261202000000000001";

  private static final String TILLWATCH = "tillwatch";
  private static final String UNBATCHED = "tillwatch-unbatched";

  private final int clients;
  private final Duration phase;
  private final int rounds;
  private final PrintStream out;
  private final Path work;
  private final List<Map<String, Object>> results = new ArrayList<>();

  private StoreBench(int clients, Duration phase, int rounds, Path work, PrintStream out) {
    this.clients = clients;
    this.phase = phase;
    this.rounds = rounds;
    this.work = work;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    int clients = 16;
    int seconds = 10;
    int rounds = 3;
    Path json = null;
    for (String a : args) {
      String v = a.substring(a.indexOf('=') + 1);
      if (a.startsWith("--clients=")) {
        clients = Integer.parseInt(v);
      } else if (a.startsWith("--seconds=")) {
        seconds = Integer.parseInt(v);
      } else if (a.startsWith("--rounds=")) {
        rounds = Integer.parseInt(v);
      } else if (a.startsWith("--json=")) {
        json = Path.of(v);
      } else {
        System.err.println("usage: StoreBench [--clients=16] [--seconds=10] [--rounds=3] [--json=FILE]");
        System.exit(2);
      }
    }
    Path work = Files.createTempDirectory("tillwatch-storebench-");
    StoreBench bench = new StoreBench(clients, Duration.ofSeconds(seconds), rounds, work, System.out);
    try (PostgresServer pg = PostgresServer.start(true)) {
      bench.run(pg);
    }
    if (json != null) {
      List<String> lines = new ArrayList<>();
      for (Map<String, Object> r : bench.results) {
        lines.add(toJson(r));
      }
      Files.write(json, lines);
    }
    System.exit(0); // the store's threads are daemons, pgbench is done: nothing to wait for
  }

  private void run(PostgresServer pg) throws Exception {
    String url = pg.newDatabase();
    String db = url.substring(url.lastIndexOf('/') + 1);
    Path pgbench = pg.binDir().resolve("pgbench");
    if (!Files.isExecutable(pgbench)) {
      pgbench = Path.of("/usr/bin/pgbench");
    }
    PostgresSettings settings = new PostgresSettings(url, PostgresServer.USER, null, 2, "disable", null,
        Duration.ofSeconds(30));
    Batches batches = new Batches();
    try (SqlStore store = SqlStore.open(StoreSettings.defaults(work).withPostgres(settings), batches);
         Connection admin = DriverManager.getConnection(url, PostgresServer.USER, "")) {
      out.printf("store-journal: PostgreSQL %s on port %d (fsync=on, synchronous_commit=on), %d clients, %d s phases, "
          + "%d rounds; load %s%n", serverVersion(admin), pg.port(), clients, phase.toSeconds(), rounds, loadavg());
      // Warm-up: JIT, server caches, and the batch size the writer reaches at this concurrency.
      Appender journal = (e, ms) -> store.journal().append(e, ms);
      Appender unbatched = unbatchedAppend(store);
      Map<String, Object> warm = tillwatch(journal, admin, batches, "warmup", Duration.ofSeconds(Math.max(3,
          phase.toSeconds() / 2)));
      int k = (int) Math.max(1, Math.round((double) warm.get("meanBatch")));
      Pgbench bench = new Pgbench(pgbench, pg.port(), db, work);
      String oneRow = bench.script("one-row", 1, false);
      String txK = bench.script("tx" + k, k, false);
      String valuesK = bench.script("values" + k, k, true);
      List<String> peers = List.of("pgbench-1row", "pgbench-tx" + k, "pgbench-values" + k, UNBATCHED);
      tillwatch(journal, admin, batches, UNBATCHED, phase); // its warm-up
      for (int round = 1; round <= rounds; round++) {
        for (String peer : peers) {
          record(round, tillwatch(journal, admin, batches, TILLWATCH, phase));
          record(round, switch (peer) {
            case "pgbench-1row" -> bench.run(peer, oneRow, 1, clients, phase, admin, this::prepare);
            case UNBATCHED -> tillwatch(unbatched, admin, batches, UNBATCHED, phase);
            default -> bench.run(peer, peer.startsWith("pgbench-tx") ? txK : valuesK, k, 1, phase, admin, this::prepare);
          });
        }
      }
      record(rounds, tillwatch(journal, admin, batches, TILLWATCH, phase));
      report(k);
    }
  }

  private void record(int round, Map<String, Object> r) {
    r.put("round", round);
    results.add(r);
    out.printf(Locale.ROOT, "  round %d %-18s %10.0f rows/s%s  load %s%n", round, r.get("phase"), r.get("rowsPerSec"),
        r.containsKey("meanBatch") ? String.format(Locale.ROOT, "  (mean batch %.1f, %.2f ms per commit)",
            r.get("meanBatch"), r.get("msPerCommit")) : "", r.get("loadavg"));
  }

  /** Empties the table and checkpoints, so every phase starts from the same state. */
  private void prepare(Connection admin) throws SQLException {
    try (Statement s = admin.createStatement()) {
      s.execute("TRUNCATE events");
      s.execute("CHECKPOINT");
    }
  }

  /** The journal's append, or the bench's rebuild of the earlier one. */
  private interface Appender {
    CompletableFuture<?> append(TxnEvent e, long receivedMs);
  }

  /**
   * The append as it was before rows were deferred: one {@code executeUpdate} (one round trip) per
   * row, through the same writer, as an unguarded op, with the journal's own INSERT and binding: a
   * peer that shows what deferring buys.
   */
  private static Appender unbatchedAppend(SqlStore store) {
    return (e, ms) -> store.writer().submitUnguarded(s -> {
      PreparedStatement ps = s.prepare(BenchRows.INSERT_EVENT);
      BenchRows.bindEvent(ps, e, ms);
      ps.executeUpdate();
      return null;
    });
  }

  private Map<String, Object> tillwatch(Appender journal, Connection admin, Batches batches, String name,
      Duration length) throws Exception {
    prepare(admin);
    AtomicLong seq = new AtomicLong();
    LongAdder rows = new LongAdder();
    long deadline = System.nanoTime() + length.toNanos();
    CountDownLatch done = new CountDownLatch(clients);
    String load = loadavg();
    batches.reset();
    long t0 = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Thread t = new Thread(() -> {
        try {
          while (System.nanoTime() < deadline) {
            long n = seq.incrementAndGet();
            journal.append(event(n), 1_796_000_000_000L + n).join();
            rows.increment();
          }
        } finally {
          done.countDown();
        }
      }, "bench-client-" + c);
      t.setDaemon(true);
      t.start();
    }
    done.await();
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("phase", name);
    r.put("rowsPerSec", rows.sum() / secs);
    r.put("rows", rows.sum());
    r.put("commits", batches.commits.sum());
    r.put("meanBatch", batches.commits.sum() == 0 ? 0.0 : (double) batches.rows.sum() / batches.commits.sum());
    r.put("msPerCommit", batches.commits.sum() == 0 ? 0.0 : batches.nanos.sum() / 1e6 / batches.commits.sum());
    r.put("clients", clients);
    r.put("seconds", secs);
    r.put("loadavg", load);
    return r;
  }

  /** The row both sides insert, for a given n: see the class comment. */
  static TxnEvent event(long n) {
    return new TxnEvent(MERCHANT, "t" + (n % 2000), "TX" + n, n, EventType.AUTHORIZED, 1_796_000_000_000L + n, AMOUNT,
        CURRENCY, PaymentMethod.CARD, RRN, AUTH, PAN, REF);
  }

  /** The same row in SQL, for pgbench: {@code :n} is the row's number. */
  static String valuesSql(String n) {
    return "(1796000000000 + " + n + ", '" + MERCHANT + "', 't' || ((" + n + ") % 2000), 'TX' || (" + n + "), " + n
        + ", 'AUTHORIZED', 1796000000000 + " + n + ", " + AMOUNT + ", '" + CURRENCY + "', 'CARD', '" + RRN + "', '"
        + AUTH + "', '" + PAN + "', '" + REF + "')";
  }

  static String insertSql() {
    return "INSERT INTO events (" + COLUMNS + ") VALUES ";
  }

  private void report(int k) {
    out.println();
    out.printf("ratios: TillWatch's rows/s (mean of the phases just before and after) over the peer's%n");
    List<Map<String, Object>> phases = new ArrayList<>(results);
    for (String peer : List.of("pgbench-1row", "pgbench-tx" + k, "pgbench-values" + k, UNBATCHED)) {
      List<Double> ratios = new ArrayList<>();
      for (int i = 1; i + 1 < phases.size(); i++) {
        if (peer.equals(phases.get(i).get("phase"))) {
          double tw = ((double) phases.get(i - 1).get("rowsPerSec") + (double) phases.get(i + 1).get("rowsPerSec")) / 2;
          ratios.add(tw / (double) phases.get(i).get("rowsPerSec"));
        }
      }
      List<Double> sorted = new ArrayList<>(ratios);
      sorted.sort(Double::compare);
      out.printf(Locale.ROOT, "  tillwatch / %-18s median %.2f  rounds %s%n", peer, sorted.get(sorted.size() / 2),
          ratios.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList());
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ratio", "tillwatch/" + peer);
      r.put("median", sorted.get(sorted.size() / 2));
      r.put("rounds", ratios);
      results.add(r);
    }
    out.printf("load at the end: %s%n", loadavg());
  }

  private static String serverVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static String loadavg() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String toJson(Map<String, Object> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (b.length() > 1) {
        b.append(',');
      }
      b.append('"').append(e.getKey()).append("\":");
      Object v = e.getValue();
      b.append(v instanceof Number || v instanceof List ? String.valueOf(v) : "\"" + v + "\"");
    }
    return b.append('}').toString();
  }

  /** Counts the writer's commits; reset at the start of each TillWatch phase (only those commit then). */
  private static final class Batches implements StoreObserver {
    final LongAdder commits = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder nanos = new LongAdder();

    void reset() {
      commits.reset();
      rows.reset();
      nanos.reset();
    }

    @Override
    public void committed(int batchSize, long n) {
      commits.increment();
      rows.add(batchSize);
      nanos.add(n);
    }

    @Override
    public void failed(int batchSize, Throwable cause) {
      throw new IllegalStateException("a benchmark commit failed", cause);
    }
  }
}
