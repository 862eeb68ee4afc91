package io.tillwatch.commands;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command outbox in memory, for the service's tests; runs {@link CommandStoreContract} like the
 * SQLite adapter. Writes complete at once, on the caller's thread. {@link #failWrites} makes every
 * write fail, as a full or broken disk would.
 */
public final class InMemoryCommandStore implements CommandStore {
  private final Map<String, Command> byId = new ConcurrentHashMap<>();
  volatile boolean failWrites;

  @Override
  public synchronized CompletableFuture<Command> insertIfAbsent(Command command) {
    if (failWrites) {
      return CompletableFuture.failedFuture(new IllegalStateException("disk full"));
    }
    for (Command c : byId.values()) {
      if (c.idempotencyKey().equals(command.idempotencyKey())) {
        return CompletableFuture.completedFuture(c);
      }
    }
    byId.put(command.id(), command);
    return CompletableFuture.completedFuture(command);
  }

  @Override
  public synchronized CompletableFuture<Boolean> compareAndSet(Command from, Command to) {
    if (failWrites) {
      return CompletableFuture.failedFuture(new IllegalStateException("disk full"));
    }
    Command stored = byId.get(from.id());
    if (stored == null || stored.state() != from.state()) {
      return CompletableFuture.completedFuture(false);
    }
    byId.put(to.id(), to);
    return CompletableFuture.completedFuture(true);
  }

  @Override
  public CompletableFuture<Optional<Command>> load(String id) {
    return CompletableFuture.completedFuture(Optional.ofNullable(byId.get(id)));
  }

  @Override
  public List<Command> open() {
    List<Command> out = new ArrayList<>();
    for (Command c : byId.values()) {
      if (c.state().open()) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparing(Command::id));
    return out;
  }
}
