package io.tillwatch.http;

import io.tillwatch.engine.TerminalView;
import io.vertx.core.Future;
import java.util.Optional;

/** Read access to the engine's view of a terminal (answered by the terminal's shard, on its thread). */
public interface TerminalQueries {
  Future<Optional<TerminalView>> terminal(String merchant, String terminal);
}
