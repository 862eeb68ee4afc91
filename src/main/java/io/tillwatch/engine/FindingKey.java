package io.tillwatch.engine;

/**
 * Identity of a finding, the deduplication key of its operator task.
 *
 * <p>{@code subject} is the txn id for per-sale kinds. Terminal-level kinds have no txn, so their
 * subject names the episode, which keeps one task per episode and makes a re-raise after a
 * restart land on the same task:
 * <ul>
 *   <li>TERMINAL_SILENT: {@code silent@<last-heard epoch ms>}</li>
 *   <li>UPLOAD_BACKLOG: {@code backlog@<epoch ms pendingUploads first seen above 0>}</li>
 *   <li>TELEMETRY_GAP: {@code seq:<first missing>-<last missing>}</li>
 * </ul>
 */
public record FindingKey(FindingKind kind, String merchant, String terminal, String subject) {

  /** Stable text form, stored as the task's unique dedupe key. */
  public String asString() {
    return kind.name() + '|' + merchant + '|' + terminal + '|' + subject;
  }
}
