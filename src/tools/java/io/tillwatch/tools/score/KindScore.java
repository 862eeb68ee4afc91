package io.tillwatch.tools.score;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.sim.GroundTruthRecord;
import java.util.List;

/**
 * How TillWatch did on one finding kind.
 *
 * @param expected   injected faults of this kind (within the cut-off)
 * @param found      reported findings of this kind that were not ignored as pending
 * @param matched    expected findings that were reported
 * @param missed     expected findings that were not reported
 * @param unexpected reported findings with no injected fault behind them
 */
public record KindScore(
    FindingKind kind,
    int expected,
    int found,
    int matched,
    List<GroundTruthRecord> missed,
    List<ObservedFinding> unexpected) {

  public int missedCount() {
    return missed.size();
  }

  public int unexpectedCount() {
    return unexpected.size();
  }

  /** matched / expected, 1 when nothing was expected. */
  public double recall() {
    return expected == 0 ? 1.0 : (double) matched / expected;
  }
}
