package io.tillwatch.kafka;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The messages a gateway has handed to Kafka and not yet had answered, by partition: the oldest
 * receive time among them is what the gateway's watermark tick may not pass (see
 * {@link PartitionClock}). Added on the MQTT event loops, removed on the producer's I/O thread, read
 * once per tick; a message is one small object in a concurrent set while it is in flight.
 */
final class PendingSends {
  /** Identity, not value: two messages received in the same millisecond are two entries. */
  static final class Pending {
    private final int partition;
    private final long receivedAtMs;

    private Pending(int partition, long receivedAtMs) {
      this.partition = partition;
      this.receivedAtMs = receivedAtMs;
    }
  }

  private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

  Pending add(int partition, long receivedAtMs) {
    Pending p = new Pending(partition, receivedAtMs);
    pending.add(p);
    return p;
  }

  void answered(Pending p) {
    pending.remove(p);
  }

  /** Per partition, the oldest receive time still waiting for Kafka, or {@link Long#MAX_VALUE} where none waits. */
  long[] oldest(int partitions) {
    long[] oldest = new long[partitions];
    Arrays.fill(oldest, Long.MAX_VALUE);
    for (Pending p : pending) {
      if (p.partition < partitions && p.receivedAtMs < oldest[p.partition]) {
        oldest[p.partition] = p.receivedAtMs;
      }
    }
    return oldest;
  }

  int size() {
    return pending.size();
  }
}
