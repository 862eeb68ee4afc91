package io.tillwatch.commands;

import io.tillwatch.telemetry.CommandResult;
import java.util.concurrent.CompletableFuture;

/** The ingest's door for terminals' answers to commands. */
public interface CommandResults {
  /**
   * Records the answer. Completes after its commit, or at once when the answer is refused (an
   * unknown id, another terminal's command, a repeat: counted, nothing stored); either way the
   * message may then be acknowledged. Fails only when the store could not take it: then the message
   * must not be acknowledged, so the terminal sends it again.
   */
  CompletableFuture<Void> accept(CommandResult result);

  /** A message on a cmd-result topic that breaks the contract (the ingest has refused it with its reason). */
  void malformed();

  /** Ignores every answer (a pipeline without commands, in tests). */
  CommandResults NONE = new CommandResults() {
    @Override
    public CompletableFuture<Void> accept(CommandResult result) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void malformed() {}
  };
}
