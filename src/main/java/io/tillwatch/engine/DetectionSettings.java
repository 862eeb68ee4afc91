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
 * @param forgottenSaleMemory how long the txn id of a closed sale is remembered after the sale was forgotten,
 *                           so that its late events are absorbed instead of starting a new sale; 0: not at all
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
    Duration tick,
    Duration forgottenSaleMemory) {

  /** The defaults; the configuration's {@code detect.*} defaults are read from here, so they are stated once. */
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
        Duration.ofMillis(100),
        Duration.ofHours(24));
  }

  /** Settings by name, starting from {@link #defaults()}: {@code DetectionSettings.builder().printTimeout(d).build()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder holding these settings, to change some of them by name. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link DetectionSettings} by name instead of twelve positional arguments. */
  public static final class Builder {
    private Duration printTimeout;
    private Duration outcomeTimeout;
    private Duration doubleChargeWindow;
    private int silenceFactor;
    private Duration gapTimeout;
    private Duration reversalTimeout;
    private Duration backlogTimeout;
    private Duration closedSaleLinger;
    private Duration terminalForget;
    private int maxSalesPerTerminal;
    private int maxGapRanges;
    private Duration tick;
    private Duration forgottenSaleMemory;

    private Builder(DetectionSettings from) {
      printTimeout = from.printTimeout;
      outcomeTimeout = from.outcomeTimeout;
      doubleChargeWindow = from.doubleChargeWindow;
      silenceFactor = from.silenceFactor;
      gapTimeout = from.gapTimeout;
      reversalTimeout = from.reversalTimeout;
      backlogTimeout = from.backlogTimeout;
      closedSaleLinger = from.closedSaleLinger;
      terminalForget = from.terminalForget;
      maxSalesPerTerminal = from.maxSalesPerTerminal;
      maxGapRanges = from.maxGapRanges;
      tick = from.tick;
      forgottenSaleMemory = from.forgottenSaleMemory;
    }

    public Builder printTimeout(Duration d) {
      printTimeout = d;
      return this;
    }

    public Builder outcomeTimeout(Duration d) {
      outcomeTimeout = d;
      return this;
    }

    public Builder doubleChargeWindow(Duration d) {
      doubleChargeWindow = d;
      return this;
    }

    public Builder silenceFactor(int factor) {
      silenceFactor = factor;
      return this;
    }

    public Builder gapTimeout(Duration d) {
      gapTimeout = d;
      return this;
    }

    public Builder reversalTimeout(Duration d) {
      reversalTimeout = d;
      return this;
    }

    public Builder backlogTimeout(Duration d) {
      backlogTimeout = d;
      return this;
    }

    public Builder closedSaleLinger(Duration d) {
      closedSaleLinger = d;
      return this;
    }

    public Builder terminalForget(Duration d) {
      terminalForget = d;
      return this;
    }

    public Builder maxSalesPerTerminal(int max) {
      maxSalesPerTerminal = max;
      return this;
    }

    public Builder maxGapRanges(int max) {
      maxGapRanges = max;
      return this;
    }

    public Builder tick(Duration d) {
      tick = d;
      return this;
    }

    public Builder forgottenSaleMemory(Duration d) {
      forgottenSaleMemory = d;
      return this;
    }

    public DetectionSettings build() {
      return new DetectionSettings(printTimeout, outcomeTimeout, doubleChargeWindow, silenceFactor, gapTimeout,
          reversalTimeout, backlogTimeout, closedSaleLinger, terminalForget, maxSalesPerTerminal, maxGapRanges, tick,
          forgottenSaleMemory);
    }
  }
}
