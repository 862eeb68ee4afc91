package io.tillwatch.engine;

/**
 * Where the engine reports what it finds. Called synchronously on the engine's (shard's) thread.
 * The engine may report the same raise again (after recovery, or a redelivered event); the
 * receiver deduplicates by {@link FindingKey}.
 */
public interface FindingSink {
  void raised(Finding finding);

  /** A late event closed the finding (the contract's "closes by itself when"). */
  void cleared(FindingKey key, long atMs, String reason);

  /** An open finding's severity changed (TERMINAL_SILENT is critical while the terminal holds open sales). */
  void severityChanged(FindingKey key, Severity severity, long atMs);
}
