package io.tillwatch.store;

/** Every test of {@link SqlCheckStoreTest}, on a fresh database of a real PostgreSQL server. */
class PostgresCheckStoreTest extends SqlCheckStoreTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
