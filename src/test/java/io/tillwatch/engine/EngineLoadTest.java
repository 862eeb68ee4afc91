package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import org.junit.jupiter.api.Test;

/** A coarse guard against accidental O(n) paths: 200k sales on one shard, driven by a 100 ms tick. */
class EngineLoadTest {

  @Test
  void twoHundredThousandSalesThroughOneShard() {
    RecordingSink sink = new RecordingSink();
    DetectionEngine e = new DetectionEngine(DetectionSettings.defaults(), sink, T0);
    int terminals = 2_000;
    int salesPerTerminal = 100;
    EventType[] life = {EventType.STARTED, EventType.AUTHORIZED, EventType.PRINTED, EventType.COMPLETED};
    long start = System.nanoTime();
    long now = T0;
    long[] seq = new long[terminals];
    for (int s = 0; s < salesPerTerminal; s++) {
      for (int t = 0; t < terminals; t++) {
        String term = "t" + t;
        String txn = "s" + s;
        // every 50th sale never gets an outcome
        int events = s % 50 == 0 ? 1 : life.length;
        for (int i = 0; i < events; i++) {
          e.onTxnEvent(ev(term, txn, ++seq[t], life[i], 1_000 + s, "CNY", null), now);
        }
      }
      now += 100;
      e.advanceTo(now);
    }
    for (long t = now; t <= now + 30 * MIN; t += 100) {
      e.advanceTo(t);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(2L * terminals, sink.count(FindingKind.UNCONFIRMED_SALE));
    assertEquals(0, sink.count(FindingKind.TELEMETRY_GAP));
    // clean sales are gone after their linger; the unconfirmed ones stay
    assertEquals(2L * terminals, e.stats().trackedSales());
    assertTrue(ms < 20_000, "took " + ms + " ms");
    System.out.println("load test: " + ms + " ms, " + (terminals * salesPerTerminal) + " sales");
  }
}
