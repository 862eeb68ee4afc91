package io.tillwatch.store;

/** Every test of {@link TaskRaceTest}, on a fresh database of a real PostgreSQL server. */
class PostgresTaskRaceTest extends TaskRaceTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
