package io.tillwatch.store;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskRepository;
import io.tillwatch.tasks.TaskSamples;
import io.tillwatch.tasks.TaskTransition;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.PaymentMethod;
import io.tillwatch.telemetry.TxnEvent;
import io.tillwatch.testsupport.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** Test data and a raw, independent JDBC view of the database file. */
final class Fixtures {
  private Fixtures() {}

  static StoreSettings settings(Path dir) {
    return StoreSettings.defaults(dir);
  }

  /** A test's databases, by its temporary directory: a test that reopens the store finds its data. */
  private static final java.util.Map<Path, String> DATABASES = new java.util.concurrent.ConcurrentHashMap<>();

  /** The same store on a database of the test JVM's PostgreSQL server, new for each test directory. */
  static StoreSettings postgresSettings(Path dir) {
    String url = DATABASES.computeIfAbsent(dir, d -> PostgresServer.shared().newDatabase());
    return StoreSettings.defaults(dir).withPostgres(postgres(url));
  }

  static PostgresSettings postgres(String url) {
    return new PostgresSettings(url, PostgresServer.USER, null, 4, "disable", null, java.time.Duration.ofSeconds(10));
  }

  static TxnEvent event(String txn, long seq, EventType type) {
    return new TxnEvent("m001", "t0001", txn, seq, type, 1_700_000_000_000L + seq, 12_850, "CNY", PaymentMethod.CARD,
        "433412345678", "A1B2C3", "622848******1234", null);
  }

  static TxnEvent bareEvent(String txn, long seq) {
    return new TxnEvent("m001", "t0001", txn, seq, EventType.PRINTED, 1_700_000_000_000L, TxnEvent.NO_AMOUNT, null,
        null, null, null, null, null);
  }

  static Task task(String id, FindingKind kind, String merchant, String terminal, String txn, long detectedAtMs) {
    return TaskSamples.task(id, kind, merchant, terminal, txn, detectedAtMs);
  }

  static Task saleTask(String id, String txn, long detectedAtMs) {
    return TaskSamples.saleTask(id, txn, detectedAtMs);
  }

  /** One lifecycle step stored as the task service would: load, let the task decide, compare-and-set. */
  static Task change(TaskRepository tasks, String id, Function<Task, TaskTransition> step) {
    TaskTransition t = step.apply(join(tasks.load(id)).orElseThrow());
    if (!join(tasks.compareAndSet(t))) {
      throw new AssertionError("task " + id + " changed under the test");
    }
    return t.to();
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** An op that parks the writer thread until released, so tests can pile up a known next batch. */
  static WriteOp<Void> blocker(java.util.concurrent.CountDownLatch started, java.util.concurrent.CountDownLatch release) {
    return s -> {
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    };
  }

  /**
   * A connection that has nothing to do with the store's own pools: to the test's PostgreSQL
   * database when it has one ({@link #postgresSettings}), else to its SQLite file.
   */
  static Connection rawConnection(Path dir) throws SQLException {
    String pg = DATABASES.get(dir);
    if (pg != null) {
      return DriverManager.getConnection(pg, PostgresServer.USER, "");
    }
    return DriverManager.getConnection("jdbc:sqlite:" + SqliteDatabase.file(dir).toAbsolutePath());
  }

  /** The migrations of the settings' database, for tests that open the store through the seam. */
  static java.util.List<Migration> migrations(StoreSettings settings) {
    return Migration.of(settings.postgres() == null ? Dialect.SQLITE : Dialect.POSTGRES);
  }

  static long count(Path dir, String sql) {
    try (Connection c = rawConnection(dir); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
