package io.tillwatch.app;

import io.tillwatch.engine.Liveness;
import io.tillwatch.engine.TerminalFilter;
import io.tillwatch.engine.TerminalList;
import io.tillwatch.engine.TerminalQueries;
import io.tillwatch.engine.TerminalView;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Terminal reads of an instance that detects nothing (a gateway alone): no terminal is known here. */
enum NoTerminals implements TerminalQueries {
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
