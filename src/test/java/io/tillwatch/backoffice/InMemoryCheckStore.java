package io.tillwatch.backoffice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** The check store in memory, for the follow-up's unit tests; kept across a simulated restart by reusing it. */
public final class InMemoryCheckStore implements CheckStore {
  private final Map<String, PendingCheck> rows = new ConcurrentHashMap<>();

  @Override
  public CompletableFuture<Boolean> insertIfAbsent(PendingCheck check) {
    return CompletableFuture.completedFuture(rows.putIfAbsent(check.taskId(), check) == null);
  }

  @Override
  public CompletableFuture<Claim> claim(PendingCheck started) {
    PendingCheck after = rows.computeIfPresent(started.taskId(),
        (k, v) -> v.attempts() == started.attempts() - 1 ? started : v);
    return CompletableFuture.completedFuture(after == started ? Claim.won(started) : Claim.lost(Optional.ofNullable(after)));
  }

  @Override
  public CompletableFuture<Void> remove(String taskId) {
    rows.remove(taskId);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public List<PendingCheck> all() {
    return new ArrayList<>(rows.values());
  }

  public PendingCheck get(String taskId) {
    return rows.get(taskId);
  }
}
