package io.tillwatch.store;

/** Every test of {@link TaskListQueryTest}, on a fresh database of a real PostgreSQL server. */
class PostgresTaskListQueryTest extends TaskListQueryTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
