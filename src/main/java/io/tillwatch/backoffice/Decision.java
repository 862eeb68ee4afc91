package io.tillwatch.backoffice;

import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Resolution;

/**
 * What one round of answers means for a money task (see {@link FollowUpRules}).
 *
 * @param nextStep   for {@link Kind#NEXT_STEP} and {@link Kind#GIVE_UP}: the step the task now shows
 * @param reprint    for {@link Kind#NEXT_STEP}: also send the terminal a reprint command
 * @param resolution for {@link Kind#SETTLE}: how TillWatch closes the task itself
 */
public record Decision(Kind kind, NextStep nextStep, boolean reprint, Resolution resolution) {
  public enum Kind {
    /** No final answer yet: ask again at the schedule's next step. */
    ASK_AGAIN,
    /** A final answer: show the concrete next step (and perhaps send a reprint). The check is done. */
    NEXT_STEP,
    /** The evidence closes the task by itself. The check is done. */
    SETTLE,
    /** The schedule ended without the answer needed: a person must look. The check is done. */
    GIVE_UP
  }

  static final Decision ASK_AGAIN = new Decision(Kind.ASK_AGAIN, NextStep.NONE, false, null);

  static Decision next(NextStep step, boolean reprint) {
    return new Decision(Kind.NEXT_STEP, step, reprint, null);
  }

  static Decision settle(Resolution how) {
    return new Decision(Kind.SETTLE, NextStep.NONE, false, how);
  }

  static Decision giveUp(NextStep step) {
    return new Decision(Kind.GIVE_UP, step, false, null);
  }

  public boolean done() {
    return kind != Kind.ASK_AGAIN;
  }
}
