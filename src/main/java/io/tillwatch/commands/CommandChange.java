package io.tillwatch.commands;

/**
 * One committed change of a command, as listeners hear it. {@link Kind#ANSWERED} carries the
 * terminal's answer in {@code command().state()} (DONE, FAILED or REJECTED) and its reason;
 * {@code command().taskId()} names the task it serves. Per command the order is CREATED, then
 * DELIVERED (absent when the answer came first), then ANSWERED or EXPIRED — and an ANSWERED may
 * still follow an EXPIRED when a terminal answers late: the terminal's word is recorded, so a
 * listener that acted on the expiry hears what really happened.
 */
public record CommandChange(Command command, Kind kind) {
  public enum Kind {
    /** Stored; about to be sent. */
    CREATED,
    /** The terminal (broker mode: the broker) acknowledged it. */
    DELIVERED,
    /** The terminal answered DONE, FAILED or REJECTED. */
    ANSWERED,
    /** No answer before its expiry. */
    EXPIRED
  }

  /** True for the changes that end the wait: an answer or the expiry. */
  public boolean ended() {
    return kind == Kind.ANSWERED || kind == Kind.EXPIRED;
  }
}
