package io.tillwatch.engine;

import java.time.Duration;

/**
 * The rule deadlines and the engine's memory bounds. All durations are on TillWatch's clock.
 *
 * @param closedSaleLinger   how long a cleanly closed sale is remembered, to absorb late and duplicate
 *                           events and to match double charges; at least the double-charge window
 * @param terminalForget     a terminal not heard for this long, with no open sale or finding, is forgotten
 * @param maxSalesPerTerminal bound on tracked sales per terminal; beyond it the oldest closed sales go first,
 *                           then new sales are refused (counted)
 * @param maxGapRanges       bound on tracked missing-seq ranges per terminal
 * @param tick               resolution of the deadline wheel
 */
public record DetectionSettings(
    Duration printTimeout,
    Duration outcomeTimeout,
    Duration doubleChargeWindow,
    int silenceFactor,
    Duration gapTimeout,
    Duration reversalTimeout,
    Duration backlogTimeout,
    Duration closedSaleLinger,
    Duration terminalForget,
    int maxSalesPerTerminal,
    int maxGapRanges,
    Duration tick) {

  /** The contract's defaults. */
  public static DetectionSettings defaults() {
    return new DetectionSettings(
        Duration.ofSeconds(60),
        Duration.ofSeconds(120),
        Duration.ofMinutes(15),
        3,
        Duration.ofSeconds(60),
        Duration.ofMinutes(10),
        Duration.ofMinutes(30),
        Duration.ofMinutes(20),
        Duration.ofDays(7),
        10_000,
        64,
        Duration.ofMillis(100));
  }
}
