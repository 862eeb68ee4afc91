package io.tillwatch.commands;

/** The in-memory outbox keeps the store contract, so service tests on it mean something. */
class InMemoryCommandStoreTest extends CommandStoreContract {
  private final InMemoryCommandStore store = new InMemoryCommandStore();

  @Override
  protected CommandStore store() {
    return store;
  }
}
