package io.tillwatch.store;

/** Every test of {@link SqlCommandStoreTest}, on a fresh database of a real PostgreSQL server. */
class PostgresCommandStoreTest extends SqlCommandStoreTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
