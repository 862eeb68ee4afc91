package io.tillwatch.commands;

import java.util.Objects;

/**
 * One command to one terminal, as stored. Immutable: every step returns the next version, and the
 * store writes it only if the stored command is still in the state the step started from.
 *
 * @param id             unique and sortable ({@link CommandIds}); made once, stored before the first
 *                       send, so every resend carries it and the terminal deduplicates by it
 * @param idempotencyKey the caller's key ({@link ReprintRequest#idempotencyKey()}); unique
 * @param deliveredAtMs  when the PUBACK arrived; -1 before, and when an answer came first
 * @param answeredAtMs   the terminal's {@code at} of its answer; -1 without one
 * @param reason         the terminal's reason with FAILED / REJECTED (e.g. {@code PAPER_OUT}); else null
 */
public record Command(String id, String idempotencyKey, CommandType type, String merchant, String terminal, String txn,
    String taskId, SaleDetails sale, long issuedAtMs, long expiresAtMs, CommandState state, long updatedAtMs,
    long deliveredAtMs, long answeredAtMs, String reason) {

  public Command {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(sale, "sale");
  }

  static Command reprint(String id, ReprintRequest r, long nowMs, long expiresAtMs) {
    return new Command(id, r.idempotencyKey(), CommandType.REPRINT, r.merchant(), r.terminal(), r.txn(), r.taskId(),
        r.sale(), nowMs, expiresAtMs, CommandState.PENDING, nowMs, -1, -1, null);
  }

  /** The terminal's topic this command goes out on. */
  public String topic() {
    return io.tillwatch.telemetry.Topic.commandTopic(merchant, terminal);
  }

  public boolean expiredAt(long nowMs) {
    return nowMs >= expiresAtMs;
  }

  /** The PUBACK arrived; null when the command is no longer PENDING (an answer or the expiry came first). */
  Command delivered(long nowMs) {
    return state != CommandState.PENDING ? null : with(CommandState.DELIVERED, nowMs, nowMs, answeredAtMs, reason);
  }

  /**
   * The terminal's answer. Accepted while open, and after expiry too: a terminal that acted late
   * still says what it did. Null when an answer is already recorded (a duplicate).
   */
  Command answered(CommandState answer, String why, long terminalAtMs, long nowMs) {
    if (!answer.answered()) {
      throw new IllegalArgumentException("not an answer: " + answer);
    }
    return state.answered() ? null : with(answer, nowMs, deliveredAtMs, terminalAtMs, why);
  }

  /** No answer in time; null when the command is no longer open. */
  Command expired(long nowMs) {
    return !state.open() ? null : with(CommandState.EXPIRED, nowMs, deliveredAtMs, answeredAtMs, reason);
  }

  private Command with(CommandState s, long nowMs, long deliveredMs, long answeredMs, String why) {
    return new Command(id, idempotencyKey, type, merchant, terminal, txn, taskId, sale, issuedAtMs, expiresAtMs, s, nowMs,
        deliveredMs, answeredMs, why);
  }
}
