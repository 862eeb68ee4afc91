package io.tillwatch.backoffice;

import io.tillwatch.engine.FindingKind;
import java.util.Objects;

/**
 * One money task waiting for its next back-office look-up, as stored (it survives a kill -9).
 *
 * @param relatedTxn for DOUBLE_CHARGE_RISK the earlier sale, asked about too; else null
 * @param attempts   look-ups started so far. It is stored before each look-up goes out, together
 *                   with the time of the one after it, so a restart never asks twice at one step
 * @param dueAtMs    when the next look-up is due (TillWatch's clock)
 */
public record PendingCheck(
    String taskId,
    FindingKind kind,
    String merchant,
    String terminal,
    String txn,
    String relatedTxn,
    String backOffice,
    int attempts,
    long dueAtMs) {

  public PendingCheck {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(backOffice, "backOffice");
  }

  /** The check after one more look-up was started, the next one due at {@code nextDueAtMs}. */
  public PendingCheck started(long nextDueAtMs) {
    return new PendingCheck(taskId, kind, merchant, terminal, txn, relatedTxn, backOffice, attempts + 1, nextDueAtMs);
  }
}
