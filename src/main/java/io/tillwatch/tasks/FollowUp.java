package io.tillwatch.tasks;

import java.util.Objects;

/**
 * Where the back-office follow-up (补单) of a money task stands, as the task carries it: what the
 * back office last said, with its own reference, and the next step that answer set. The schedule
 * itself (when to ask again) is the follow-up's own durable record; the task shows a copy of it.
 *
 * @param backOffice    the configured back office's name; null while none was asked
 * @param verdict       the last answer's verdict in wire form ("CHARGED"); for a double-charge risk both
 *                      sales' verdicts, "CHARGED+NOT_CHARGED"; null before the first answer
 * @param reference     the back office's own id(s) for the sale, the evidence a person checks; may be null
 * @param checkedAtMs   when the last answer arrived; -1 before
 * @param attempts      look-ups made so far
 * @param nextCheckAtMs when the next look-up is due; -1 when none is scheduled
 * @param commandId     the reprint command sent for this task; null when none
 * @param action        the concrete next step in words, with the evidence; null keeps the kind's own advice
 */
public record FollowUp(
    State state,
    String backOffice,
    String verdict,
    String reference,
    long checkedAtMs,
    int attempts,
    long nextCheckAtMs,
    NextStep nextStep,
    String commandId,
    String action) {

  /** No follow-up: a terminal-level task, or one from before the follow-up existed. */
  public static final FollowUp NONE = new FollowUp(State.NONE, null, null, null, -1, 0, -1, NextStep.NONE, null, null);

  public enum State {
    NONE,
    /** No back office is configured for this merchant and method: the kind's manual advice stands. */
    NOT_CONFIGURED,
    /** Asking, and asking again until the answer is final. */
    CHECKING,
    /** A final answer set the next step. */
    ANSWERED,
    /** The schedule ended without a final answer: check by hand. */
    GAVE_UP
  }

  public FollowUp {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextStep, "nextStep");
  }

  /**
   * True once TillWatch decided to reprint (the command may still be on its way): a PRINTED from
   * now on is the reprinted receipt. The decision is written before the command goes out, so a
   * terminal that prints at once cannot beat the record of it.
   */
  public boolean reprintSent() {
    return commandId != null || nextStep.reprints();
  }

  public FollowUp withState(State s) {
    return new FollowUp(s, backOffice, verdict, reference, checkedAtMs, attempts, nextCheckAtMs, nextStep, commandId, action);
  }

  public FollowUp withNextStep(NextStep step, String newAction) {
    return new FollowUp(state, backOffice, verdict, reference, checkedAtMs, attempts, nextCheckAtMs, step, commandId, newAction);
  }

  public FollowUp withCommand(String id) {
    return new FollowUp(state, backOffice, verdict, reference, checkedAtMs, attempts, nextCheckAtMs, nextStep, id, action);
  }

  /** An answer arrived: who said what, when, after how many look-ups, and when to ask again (-1: not again). */
  public FollowUp answered(State s, String office, String newVerdict, String newReference, long atMs, int lookUps,
      long nextAtMs) {
    return new FollowUp(s, office, newVerdict, newReference, atMs, lookUps, nextAtMs, nextStep, commandId, action);
  }
}
