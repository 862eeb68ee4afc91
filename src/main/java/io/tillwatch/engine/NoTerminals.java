package io.tillwatch.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Terminal reads where nothing is detected (a cluster gateway alone; route tests about tasks): no
 * terminal is known here.
 */
public enum NoTerminals implements TerminalQueries {
  INSTANCE;

  @Override
  public CompletionStage<Optional<TerminalView>> terminal(String merchant, String terminal) {
    return CompletableFuture.completedFuture(Optional.empty());
  }

  @Override
  public CompletionStage<TerminalList> terminals(TerminalFilter filter, int limit) {
    return CompletableFuture.completedFuture(new TerminalList(List.of(), 0));
  }

  @Override
  public Map<Liveness, Long> terminalsByLiveness() {
    return Map.of();
  }
}
