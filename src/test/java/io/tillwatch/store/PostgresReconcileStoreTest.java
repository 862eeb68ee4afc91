package io.tillwatch.store;

/** Every test of {@link SqlReconcileStoreTest}, on a fresh database of a real PostgreSQL server. */
class PostgresReconcileStoreTest extends SqlReconcileStoreTest {
  @Override
  StoreSettings settings() {
    return Fixtures.postgresSettings(dir);
  }
}
