package io.tillwatch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandSamples;
import io.tillwatch.commands.CommandStore;
import io.tillwatch.commands.CommandStoreContract;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite outbox: the store contract, and that what it holds survives closing and reopening the file. */
class SqlCommandStoreTest extends CommandStoreContract {
  @TempDir Path dir;

  /** The store under test: the SQLite file here, PostgreSQL in the subclass that runs the same tests there. */
  StoreSettings settings() {
    return Fixtures.settings(dir);
  }
  SqlStore store;

  @BeforeEach
  void open() {
    store = SqlStore.open(settings(), StoreObserver.NONE);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected CommandStore store() {
    return store.commands();
  }

  @Test
  void openCommandsSurviveAReopen() {
    Command c = CommandSamples.pending("cmd-1", "k1", CommandSamples.T0);
    join(store.commands().insertIfAbsent(c));
    store.close();
    store = SqlStore.open(settings(), StoreObserver.NONE);
    assertEquals(List.of(c), store.commands().open());
  }
}
