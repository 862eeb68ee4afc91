package io.tillwatch.metrics;

/** Placeholder of the helper's class (replaced at merge). */
public final class ClusterMetrics {
  public ClusterMetrics(io.micrometer.core.instrument.MeterRegistry registry) {}
  public void produced(long nanos) {}
  public void produceFailed(Throwable cause) {}
  public void rebalanceStarted() {}
  public void rebalanceEnded(long nanos) {}
  public void restored(long events, long nanos) {}
  public void lateEvent() {}
  public void bridgeRejected(io.tillwatch.telemetry.RejectReason reason) {}
  public void bindDetector(java.util.function.DoubleSupplier clockLagSeconds, java.util.function.DoubleSupplier lagRecords,
      java.util.function.IntSupplier partitions) {}
  public AutoCloseable bindProducer(org.apache.kafka.clients.producer.Producer<?, ?> p) { return () -> {}; }
  public AutoCloseable bindStreams(org.apache.kafka.streams.KafkaStreams streams) { return () -> {}; }
}
