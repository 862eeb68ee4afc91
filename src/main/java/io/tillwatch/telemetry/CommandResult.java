package io.tillwatch.telemetry;

/**
 * A terminal's answer to a command, from {@code pos/v1/{merchant}/{terminal}/cmd-result}. Merchant
 * and terminal are the topic's (the ACL has checked they are the sender's own); whether the command
 * is theirs is for the command service to decide.
 *
 * @param id     the command's id, as the command carried it
 * @param atMs   the terminal's clock when it answered (epoch ms)
 * @param reason why it FAILED or was REJECTED (e.g. {@code PAPER_OUT}); null when not given
 */
public record CommandResult(String merchant, String terminal, String id, Status status, long atMs, String reason)
    implements Telemetry {

  /** The terminal's answer: printed, could not, or will not. */
  public enum Status {
    DONE,
    FAILED,
    REJECTED
  }
}
