package io.tillwatch.tools.load;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Counters of a load run, written from every event loop of the generator. */
final class LoadStats {
  final LongAdder sent = new LongAdder();
  final LongAdder payloadBytes = new LongAdder();
  final LongAdder acked = new LongAdder();
  /** Publishes whose connection closed before their PUBACK (the server did not take them). */
  final LongAdder lostInFlight = new LongAdder();
  final LongAdder publishFailures = new LongAdder();
  final LongAdder connectFailures = new LongAdder();
  /** Connections the server closed after they were up. */
  final LongAdder disconnects = new LongAdder();
  /** Open loop: sends due while the backlog of late sends was full, dropped rather than queued. */
  final LongAdder shed = new LongAdder();
  final AtomicInteger connected = new AtomicInteger();
}
