package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationTest {
  @TempDir Path dir;

  @Test
  void freshDatabaseGetsTheLatestVersionInWalMode() throws Exception {
    Path data = dir.resolve("nested/data");
    try (SqlStore store = SqlStore.open(Fixtures.settings(data), StoreObserver.NONE)) {
      assertEquals(Migration.latest(Migration.SQLITE), store.schemaVersion());
      assertTrue(Files.exists(data.resolve("tillwatch.db")));
    }
    assertEquals(Migration.SQLITE.size(), Fixtures.count(data, "SELECT COUNT(*) FROM schema_version"));
    try (Connection c = Fixtures.rawConnection(data); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertEquals("wal", rs.getString(1));
    }
    assertEquals(1, Fixtures.count(data, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'tasks'"));
  }

  /** A database as the first release left it, for the "existing database" cases. */
  private static final List<Migration> V1_ONLY = List.of(Migration.SQLITE.get(0));
  private static final int LATEST = Migration.latest(Migration.SQLITE);

  @Test
  void reopeningIsANoOp() {
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE)) {
      Fixtures.join(store.journal().append(Fixtures.event("x", 1, io.tillwatch.telemetry.EventType.STARTED), 5));
    }
    long appliedAt = Fixtures.count(dir, "SELECT applied_ms FROM schema_version WHERE version = 1");
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE)) {
      assertEquals(LATEST, store.schemaVersion());
    }
    assertEquals(Migration.SQLITE.size(), Fixtures.count(dir, "SELECT COUNT(*) FROM schema_version"));
    assertEquals(appliedAt, Fixtures.count(dir, "SELECT applied_ms FROM schema_version WHERE version = 1"));
    assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM events"));
  }

  @Test
  void laterMigrationsApplyInOrderOnAnExistingDatabase() {
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE, V1_ONLY, 100)) {
      assertEquals(1, store.schemaVersion());
    }
    List<Migration> withV2 = List.of(Migration.SQLITE.get(0),
        new Migration(2, "test column", "db/test-migration/V2__test_column.sql"));
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE, withV2, 100)) {
      assertEquals(2, store.schemaVersion());
    }
    assertEquals(1, Fixtures.count(dir, "SELECT COUNT(*) FROM pragma_table_info('terminals') WHERE name = 'model'"));
  }

  @Test
  void aFailingMigrationLeavesTheDatabaseUntouched() {
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE, V1_ONLY, 100)) {
      assertEquals(1, store.schemaVersion());
    }
    List<Migration> broken = List.of(Migration.SQLITE.get(0),
        new Migration(2, "broken", "db/test-migration/V2__broken.sql"));
    assertThrows(StoreException.class,
        () -> SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE, broken, 100));
    assertEquals(1, Fixtures.count(dir, "SELECT MAX(version) FROM schema_version"));
    assertEquals(0, Fixtures.count(dir, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'"));
  }

  @Test
  void refusesADatabaseNewerThanTheCode() throws Exception {
    try (SqlStore store = SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE)) {
      assertEquals(LATEST, store.schemaVersion());
    }
    try (Connection c = Fixtures.rawConnection(dir); Statement s = c.createStatement()) {
      s.execute("INSERT INTO schema_version (version, description, applied_ms) VALUES (" + (LATEST + 1) + ", 'future', 0)");
    }
    StoreException e = assertThrows(StoreException.class,
        () -> SqlStore.open(Fixtures.settings(dir), StoreObserver.NONE));
    assertTrue(e.getMessage().contains("schema version " + (LATEST + 1) + " is newer"), e.getMessage());
  }
}
