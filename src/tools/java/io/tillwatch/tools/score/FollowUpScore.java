package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import java.util.List;
import java.util.Map;

/**
 * How TillWatch's follow-up did on one money finding kind: did each task end where the ground truth says it should.
 *
 * @param judged  money findings of this kind with a money truth, injected before the cut-off
 * @param right   of those, tasks whose end is one of the right ones
 * @param wrong   tasks that ended elsewhere, with where they ended
 * @param noTask  findings with no task at all (detection missed them; counted apart, not as wrong)
 */
public record FollowUpScore(FindingKind kind, int judged, int right, List<Miss> wrong, List<GroundTruthRecord> noTask) {

  /** A task that ended in the wrong place. */
  public record Miss(GroundTruthRecord truth, String end) {}

  /**
   * Wrong tasks whose follow-up gave up ({@code OPEN:CHECK_BY_HAND}) although the ground truth expected a
   * final answer: the back office did not answer within the schedule (an outage longer than it, say), which
   * the simulator cannot know in advance. Counted apart so they are not mistaken for wrong decisions.
   */
  public long gaveUp() {
    return wrong.stream().filter(m -> m.end().equals("OPEN:CHECK_BY_HAND")).count();
  }

  /** right / judged in percent, 100 when nothing was judged. */
  public double percentRight() {
    return judged == 0 ? 100.0 : 100.0 * right / judged;
  }

  /**
   * Counts over every task of a money kind, judged or not.
   *
   * @param autoResolved tasks TillWatch resolved itself, by kind and resolution
   * @param nextSteps    unresolved tasks, by kind and the follow-up's next step ({@code NONE} without one)
   */
  public record Tally(Map<FindingKind, Map<String, Integer>> autoResolved, Map<FindingKind, Map<String, Integer>> nextSteps) {}
}
