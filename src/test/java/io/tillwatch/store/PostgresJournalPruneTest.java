package io.tillwatch.store;

/** Every test of {@link JournalPruneTest}, on a fresh database of a real PostgreSQL server. */
class PostgresJournalPruneTest extends JournalPruneTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
