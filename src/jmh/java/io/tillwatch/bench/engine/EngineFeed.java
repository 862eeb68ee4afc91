package io.tillwatch.bench.engine;

import io.tillwatch.engine.DetectionEngine;
import io.tillwatch.engine.DetectionSettings;

/**
 * A pipeline benchmark's input and engine: the {@link SaleStream} walked one event per operation,
 * and the engine fed with it. The engine is never fed a repeat: when the cursor wraps, a fresh
 * engine starts (the stream would otherwise replay seqs), and that cost is part of the measured time.
 */
final class EngineFeed {
  final SaleStream stream;
  final CountingSink sink = new CountingSink();
  DetectionEngine engine;
  private int cursor;

  EngineFeed(int terminals, int events) {
    stream = new SaleStream(terminals, events, 42);
    engine = newEngine();
  }

  private DetectionEngine newEngine() {
    return new DetectionEngine(DetectionSettings.defaults(), sink, SaleStream.T0);
  }

  /** The next event's index; see the class comment for the wrap. */
  int next() {
    int j = cursor;
    if (j == stream.size()) {
      j = 0;
      engine = newEngine();
    }
    cursor = j + 1;
    return j;
  }

  /** The engine's and the sink's counters, for a trial's tear-down. */
  String report() {
    return String.format("%n[engine stats: %s; findings raised %d, cleared %d]%n", engine.stats(), sink.raised, sink.cleared);
  }
}
