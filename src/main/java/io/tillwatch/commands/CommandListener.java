package io.tillwatch.commands;

/**
 * Told about every committed command change, and about every refused result; registered with
 * {@link CommandService#addListener} while wiring. Called on the store's writer thread (changes)
 * or an ingest thread (refusals): implementations must not block. One that throws is logged and
 * does not keep the others from hearing.
 */
@FunctionalInterface
public interface CommandListener {
  void changed(CommandChange change);

  /** A result that changed nothing: unknown id, another terminal's command, a repeat, or malformed. */
  default void refused(ResultRefusal reason) {}
}
