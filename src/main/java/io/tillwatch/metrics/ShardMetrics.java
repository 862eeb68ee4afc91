package io.tillwatch.metrics;

/** What the engine shards count beyond the engine's own stats. {@link #NONE} serves unit tests. */
public interface ShardMetrics {
  /** How late a shard's periodic tick ran: a busy or blocked event loop shows here first. */
  void eventLoopLag(long nanos);

  /** A redelivered transaction event (same terminal and seq) that changed nothing. */
  void duplicate();

  ShardMetrics NONE = new ShardMetrics() {
    @Override
    public void eventLoopLag(long nanos) {}

    @Override
    public void duplicate() {}
  };
}
