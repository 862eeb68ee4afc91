package io.tillwatch.store;

/** Every test of {@link SqlEventJournalTest}, on a fresh database of a real PostgreSQL server. */
class PostgresEventJournalTest extends SqlEventJournalTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
