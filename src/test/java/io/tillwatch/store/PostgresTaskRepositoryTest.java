package io.tillwatch.store;

/** Every test of {@link SqlTaskRepositoryTest}, on a fresh database of a real PostgreSQL server. */
class PostgresTaskRepositoryTest extends SqlTaskRepositoryTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
