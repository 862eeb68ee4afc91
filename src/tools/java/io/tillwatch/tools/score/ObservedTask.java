package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;

/**
 * A task as the follow-up scorer reads it from TillWatch's API: the finding it is about and where it ended.
 *
 * @param state      OPEN, ACKNOWLEDGED or RESOLVED
 * @param resolution how it was resolved (REPRINTED, FALSE_ALARM, ...); null while unresolved
 * @param resolvedBy who resolved it ({@code tillwatch} when TillWatch did); null while unresolved
 * @param followUp   the back-office follow-up's state (CHECKING, ANSWERED, GAVE_UP, NOT_CONFIGURED); null when none
 * @param nextStep   the follow-up's next step (REPRINT_SENT, COLLECT_AGAIN, ...); null when none
 * @param detectedAtMs when TillWatch raised the finding (epoch ms); 0 when the API did not say
 */
public record ObservedTask(FindingKind kind, String merchant, String terminal, String subject, String state, String resolution,
    String resolvedBy, String followUp, String nextStep, long detectedAtMs) {

  /** The name TillWatch resolves tasks by itself under. */
  public static final String TILLWATCH = "tillwatch";

  public ObservedFinding finding() {
    return new ObservedFinding(kind, merchant, terminal, subject);
  }

  /**
   * Where the task ended, in the ground truth's words: {@code RESOLVED:<how>} when TillWatch resolved it,
   * {@code RESOLVED_BY_PERSON:<how>} when someone else did, else {@code OPEN:<next step>} ({@code OPEN:NONE} without one).
   */
  public String end() {
    if ("RESOLVED".equals(state)) {
      boolean byTillWatch = resolvedBy == null || TILLWATCH.equals(resolvedBy);
      return (byTillWatch ? "RESOLVED:" : "RESOLVED_BY_PERSON:") + resolution;
    }
    return "OPEN:" + (nextStep == null ? "NONE" : nextStep);
  }
}
