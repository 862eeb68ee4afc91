package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.auth.Credential;
import io.tillwatch.backoffice.PendingCheck;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.TaskState;
import io.tillwatch.telemetry.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StoreCopy} from a real SQLite file into a real PostgreSQL database: every table arrives
 * with the same content, a second copy doubles nothing, a copy interrupted inside a chunk resumes
 * to the same end state, later source changes are brought over without rolling back newer target
 * rows, and files that are not a TillWatch store of this schema are refused.
 */
class StoreCopyTest {
  @TempDir Path dir;

  private static final int TASKS = 23;
  private static final int EVENTS = 61;

  /** What the copy compares: every table's rows, ids the target gives replaced by content. */
  private static final List<String> TABLES = List.of("credentials", "terminals", "tasks", "task_history",
      "backoffice_checks", "commands", "events", "reconcile_imports", "reconcile_lines");

  @Test
  void everyTableArrivesWithItsContentAndASecondCopyDoublesNothing() throws Exception {
    fillSource();
    PostgresSettings pg = target();
    // Two rows a chunk: every table, the two-column key of terminals too, is read after a last key.
    StoreCopy.Result first = copy(pg, 2, StoreCopy.ChunkHook.NONE);
    assertEquals(TASKS, first.table("tasks").written());
    assertEquals(EVENTS, first.table("events").written());
    assertEquals(2, first.table("reconcile_lines").written());
    assertSameContent(pg);

    StoreCopy.Result second = copy(pg, 2, StoreCopy.ChunkHook.NONE);
    for (StoreCopy.TableCount c : second.tables()) {
      assertEquals(0, c.written(), c.table() + ": nothing is written twice");
    }
    assertEquals(TASKS, second.table("tasks").read(), "keyed tables are read again whole");
    assertEquals(0, second.table("events").read(), "append-only tables only from where the last copy ended");
    assertSameContent(pg);
  }

  @Test
  void aCopyInterruptedInsideAChunkResumesToTheSameEndState() throws Exception {
    fillSource();
    PostgresSettings pg = target();
    StoreException tasksCut = assertThrows(StoreException.class, () -> copy(pg, 7, failAt("tasks", 2)));
    assertTrue(tasksCut.getMessage().contains("cut"), tasksCut.getMessage());
    assertEquals(7, count(pg, "SELECT COUNT(*) FROM tasks"), "the first chunk is committed, the second rolled back whole");
    assertEquals(0, count(pg, "SELECT COUNT(*) FROM events"));

    assertThrows(StoreException.class, () -> copy(pg, 7, failAt("events", 3)));
    assertEquals(TASKS, count(pg, "SELECT COUNT(*) FROM tasks"));
    assertEquals(14, count(pg, "SELECT COUNT(*) FROM events"), "two chunks of events committed");

    StoreCopy.Result last = copy(pg, 7, StoreCopy.ChunkHook.NONE);
    assertEquals(EVENTS - 14, last.table("events").written(), "resumes after the last committed chunk");
    assertSameContent(pg);
  }

  @Test
  void aSecondCopyOfTheSameSourceWhileOneRunsIsRefused() throws Exception {
    fillSource();
    PostgresSettings pg = target();
    String[] refusal = new String[1];
    copy(pg, 10, (table, chunk) -> {
      if (refusal[0] == null) {
        refusal[0] = assertThrows(StoreException.class, () -> copy(pg, 10, StoreCopy.ChunkHook.NONE)).getMessage();
      }
    });
    assertTrue(refusal[0].contains("another store copy of the same source is running"), refusal[0]);
    assertSameContent(pg);
  }

  @Test
  void laterChangesOnTheSourceAreBroughtOverAndNewerTargetRowsAreKept() throws Exception {
    fillSource();
    PostgresSettings pg = target();
    copy(pg, 10, StoreCopy.ChunkHook.NONE);
    // The target moves on by itself: a task is resolved there (an instance already runs on it).
    try (SqlStore target = SqlStore.open(StoreSettings.defaults(dir).withPostgres(pg), StoreObserver.NONE)) {
      Fixtures.change(target.tasks(), "t_3", t -> t.resolve(Resolution.FALSE_ALARM, "carol", "on the target", 9_000));
    }
    // ... while the source still runs: an acknowledgement, a revocation, more events.
    try (SqlStore source = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE)) {
      Fixtures.change(source.tasks(), "t_2", t -> t.acknowledge("bob", 8_000));
      source.credentials().revoke("t0002", 8_500);
      for (int i = 0; i < 5; i++) {
        source.journal().append(Fixtures.event("late", i, EventType.STARTED), 9_500).join();
      }
    }
    StoreCopy.Result again = copy(pg, 10, StoreCopy.ChunkHook.NONE);
    assertEquals(1, again.table("tasks").written(), "only t_2 changed on the source");
    assertEquals(5, again.table("events").written());
    assertEquals(1, again.table("credentials").written());
    try (SqlStore target = SqlStore.open(StoreSettings.defaults(dir).withPostgres(pg), StoreObserver.NONE)) {
      assertEquals(TaskState.ACKNOWLEDGED, target.tasks().load("t_2").join().orElseThrow().state());
      assertEquals(TaskState.RESOLVED, target.tasks().load("t_3").join().orElseThrow().state(), "never rolled back");
      assertTrue(target.credentials().find("t0002").orElseThrow().revoked());
    }
  }

  @Test
  void aFindingTheTargetHoldsUnderAnotherIdStaysTheTargets() throws Exception {
    fillSource();
    PostgresSettings pg = target();
    try (SqlStore target = SqlStore.open(StoreSettings.defaults(dir).withPostgres(pg), StoreObserver.NONE)) {
      // The same finding as the source's t_1 (same sale, same kind), opened by another instance.
      target.tasks().insertIfAbsent(Fixtures.saleTask("other_1", "s1", 500)).join();
    }
    StoreCopy.Result r = copy(pg, 10, StoreCopy.ChunkHook.NONE);
    assertEquals(TASKS - 1, r.table("tasks").written());
    assertEquals(0, count(pg, "SELECT COUNT(*) FROM tasks WHERE id = 't_1'"));
    assertEquals(0, count(pg, "SELECT COUNT(*) FROM task_history WHERE task_id = 't_1'"), "nor its history");
    assertEquals(0, count(pg, "SELECT COUNT(*) FROM backoffice_checks"), "nor its check");
    assertEquals(1, count(pg, "SELECT COUNT(*) FROM tasks WHERE id = 'other_1'"));
  }

  @Test
  void aFileThatIsNotATillWatchStoreOfThisSchemaIsRefused() throws Exception {
    PostgresSettings pg = target();
    Path text = dir.resolve("notes.txt");
    Files.writeString(text, "not a database at all, just some text that is long enough to be read".repeat(20));
    assertTrue(refusal(text, pg).contains("is not a TillWatch SQLite store"), refusal(text, pg));

    Path other = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)");
    }
    assertTrue(refusal(other, pg).contains("is not a TillWatch SQLite store"), refusal(other, pg));

    Path old = dir.resolve("old");
    SqlStore.open(Fixtures.settings(old), StoreObserver.NONE, Migration.SQLITE.subList(0, 7), 100).close();
    String message = refusal(SqliteDatabase.file(old), pg);
    assertTrue(message.contains("has schema V7, this TillWatch copies V8"), message);

    assertTrue(refusal(dir.resolve("missing.db"), pg).contains("no SQLite store at"));
    assertEquals(0, count(pg, "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'tasks'"),
        "a refused source leaves the target untouched");
  }

  private String refusal(Path file, PostgresSettings pg) {
    return assertThrows(StoreException.class, () -> StoreCopy.run(file, pg, 10, c -> { })).getMessage();
  }

  private StoreCopy.Result copy(PostgresSettings pg, int chunk, StoreCopy.ChunkHook hook) {
    return StoreCopy.run(SqliteDatabase.file(dir), pg, chunk, c -> { }, hook);
  }

  private static StoreCopy.ChunkHook failAt(String table, int chunk) {
    return (t, n) -> {
      if (t.equals(table) && n == chunk) {
        throw new SQLException("cut before the commit of " + t + " chunk " + n);
      }
    };
  }

  private PostgresSettings target() {
    return Fixtures.postgres(io.tillwatch.testsupport.PostgresServer.shared().newDatabase());
  }

  /** A source with rows in every table, more than one chunk of the big ones. */
  private void fillSource() throws Exception {
    try (SqlStore s = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE)) {
      for (int i = 1; i <= TASKS; i++) {
        s.tasks().insertIfAbsent(Fixtures.saleTask("t_" + i, "s" + i, 1_000 + i)).join();
      }
      Fixtures.change(s.tasks(), "t_1", t -> t.acknowledge("alice", 2_000));
      Fixtures.change(s.tasks(), "t_4", t -> t.resolve(Resolution.REPRINTED, "alice", "reprinted at till 3", 2_500));
      for (int i = 0; i < EVENTS; i++) {
        s.journal().append(Fixtures.event("s" + (i % 7), i, EventType.values()[i % EventType.values().length]), 3_000 + i).join();
      }
      s.credentials().put(new Credential("t0001", Credential.Kind.TERMINAL, "m001", "pbkdf2-sha256$1000$c2FsdA$aGFzaA", 100, 0));
      s.credentials().put(new Credential("t0002", Credential.Kind.TERMINAL, "m001", Credential.NO_SECRET, 100, 0));
      s.credentials().put(new Credential("ops", Credential.Kind.CONSOLE, "*", "pbkdf2-sha256$1000$c2FsdA$b3Bz", 100, 400));
      s.checks().insertIfAbsent(new PendingCheck("t_1", FindingKind.UNCONFIRMED_SALE, "m001", "t0001", "s1", null,
          "wechat-main", 2, 5_000)).join();
    }
    try (Connection c = Fixtures.rawConnection(dir); Statement s = c.createStatement()) {
      s.execute("INSERT INTO terminals VALUES ('m001', 't0001', 4000, 1, 30, 60, 0, 0, 'OK', '1.2.3', 'wifi', -60, "
          + "'Store 12', 'north', 3990)");
      s.execute("INSERT INTO terminals VALUES ('m001', 't0002', 4100, 0, 30, 2, 1, 4050, NULL, NULL, NULL, NULL, NULL, NULL, 4090)");
      s.execute("INSERT INTO commands (id, idempotency_key, type, merchant, terminal, txn, task_id, amount, currency, issued_ms, "
          + "expires_ms, state, updated_ms) VALUES ('c1', 'k1', 'REPRINT', 'm001', 't0001', 's1', 't_1', 12850, 'CNY', 10, 99, "
          + "'PENDING', 10)");
      s.execute("INSERT INTO reconcile_imports (id, sha256, format, bill_date, merchant, file_name, imported_ms, report) "
          + "VALUES (5, 'abc', 'csv', '2026-11-30', 'm001', 'bill.csv', 7000, '{}')");
      s.execute("INSERT INTO reconcile_lines (import_id, n, outcome, bill_lines, merchant, at_ms) VALUES "
          + "(5, 1, 'MATCHED', '[2]', 'm001', 7001), (5, 2, 'MISSING_SALE', '[3]', 'm001', 7002)");
    }
  }

  private void assertSameContent(PostgresSettings pg) throws SQLException {
    try (Connection src = Fixtures.rawConnection(dir); Connection dst = connect(pg)) {
      for (String table : TABLES) {
        String sql = contentQuery(src, table);
        List<List<String>> expected = rows(src, sql);
        assertNotEquals(List.of(), expected, table + " has rows to compare");
        assertEquals(expected, rows(dst, sql), table);
      }
    }
  }

  /** The table's rows in a stable order, without the ids a database gives (bill lines name their import by its sha256). */
  private static String contentQuery(Connection src, String table) throws SQLException {
    List<String> cols = new ArrayList<>();
    try (Statement s = src.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        cols.add("x." + md.getColumnName(i));
      }
    }
    return switch (table) {
      case "events", "task_history" -> "SELECT " + String.join(", ", without(cols, "x.id")) + " FROM " + table + " x ORDER BY x.id";
      case "reconcile_imports" -> "SELECT " + String.join(", ", without(cols, "x.id")) + " FROM " + table + " x ORDER BY x.sha256";
      case "reconcile_lines" -> "SELECT i.sha256, " + String.join(", ", without(cols, "x.import_id")) + " FROM " + table
          + " x JOIN reconcile_imports i ON i.id = x.import_id ORDER BY i.sha256, x.n";
      default -> "SELECT " + String.join(", ", cols) + " FROM " + table + " x ORDER BY " + cols.get(0) + ", " + cols.get(1);
    };
  }

  private static List<String> without(List<String> cols, String col) {
    List<String> out = new ArrayList<>(cols);
    out.remove(col);
    return out;
  }

  private static List<List<String>> rows(Connection c, String sql) throws SQLException {
    List<List<String>> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(String.valueOf(rs.getObject(i)));
        }
        out.add(row);
      }
    }
    return out;
  }

  private static long count(PostgresSettings pg, String sql) throws SQLException {
    try (Connection c = connect(pg); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection connect(PostgresSettings pg) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", pg.user());
    p.setProperty("sslmode", "disable");
    return DriverManager.getConnection(pg.url(), p);
  }
}
