package io.tillwatch.commands;

import io.tillwatch.telemetry.Ids;
import java.util.Objects;

/**
 * Asks for a receipt reprint on one terminal.
 *
 * @param idempotencyKey the caller's name for this step (e.g. {@code taskId + ":reprint:1"}): sending
 *                       the same key again, also after a restart, returns the command already made
 *                       for it instead of making a second one
 * @param taskId         the task the command serves (may be null for a command sent by hand)
 */
public record ReprintRequest(String idempotencyKey, String taskId, String merchant, String terminal, String txn,
    SaleDetails sale) {

  public static final int MAX_KEY_LENGTH = 200;

  public ReprintRequest {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("idempotencyKey must be 1.." + MAX_KEY_LENGTH + " characters");
    }
    for (String[] id : new String[][] {{"merchant", merchant}, {"terminal", terminal}, {"txn", txn}}) {
      if (id[1] == null || !Ids.isValid(id[1])) {
        throw new IllegalArgumentException(id[0] + " must be 1..64 characters of [A-Za-z0-9_.-]");
      }
    }
    sale = sale == null ? SaleDetails.NONE : sale;
  }
}
