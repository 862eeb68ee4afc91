package io.tillwatch.store;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counts what the writer reports. */
final class RecordingObserver implements StoreObserver {
  final AtomicInteger commits = new AtomicInteger();
  final AtomicLong committedWrites = new AtomicLong();
  final AtomicInteger maxBatch = new AtomicInteger();
  final AtomicInteger failures = new AtomicInteger();
  final AtomicInteger lastFailedBatch = new AtomicInteger();
  final AtomicInteger reconnects = new AtomicInteger();

  @Override
  public void committed(int batchSize, long nanos) {
    commits.incrementAndGet();
    committedWrites.addAndGet(batchSize);
    maxBatch.accumulateAndGet(batchSize, Math::max);
  }

  @Override
  public void failed(int batchSize, Throwable cause) {
    failures.incrementAndGet();
    lastFailedBatch.set(batchSize);
  }

  @Override
  public void reconnecting(Throwable cause) {
    reconnects.incrementAndGet();
  }
}
