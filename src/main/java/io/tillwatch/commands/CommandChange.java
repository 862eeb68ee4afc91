package io.tillwatch.commands;

/**
 * One committed change of a command, as listeners hear it. {@link Kind#ANSWERED} carries the
 * terminal's answer in {@code command().state()} (DONE, FAILED or REJECTED) and its reason.
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
