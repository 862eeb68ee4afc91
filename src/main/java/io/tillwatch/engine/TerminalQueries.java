package io.tillwatch.engine;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Read access to the engine's view of a terminal, for the API. The engine host answers on the
 * terminal's own shard thread (engine state has a single writer and no locks), hence a stage.
 */
public interface TerminalQueries {
  CompletionStage<Optional<TerminalView>> terminal(String merchant, String terminal);

  /** A page of the terminal list across every engine; see {@link DetectionEngine#terminals}. */
  CompletionStage<TerminalList> terminals(TerminalFilter filter, int limit);

  /** Terminals by liveness over every engine, as of the latest stats (at most a second old). */
  java.util.Map<Liveness, Long> terminalsByLiveness();
}
