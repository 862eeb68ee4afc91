package io.tillwatch.metrics;

import java.util.Map;

/** What the engine shards count beyond the engine's own stats. {@link #NONE} serves unit tests. */
public interface ShardMetrics {
  /** How late a shard's periodic tick ran: a busy or blocked event loop shows here first. */
  void eventLoopLag(long nanos);

  /** A redelivered transaction event (same terminal and seq) that changed nothing. */
  void duplicate();

  /** The currencies seen so far with their amount at risk, so each gets its (bounded) gauge. */
  void refreshCurrencies(Map<String, Long> amountAtRisk);

  ShardMetrics NONE = new ShardMetrics() {
    @Override
    public void eventLoopLag(long nanos) {}

    @Override
    public void duplicate() {}

    @Override
    public void refreshCurrencies(Map<String, Long> amountAtRisk) {}
  };
}
