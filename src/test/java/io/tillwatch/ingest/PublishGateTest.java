package io.tillwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The per-connection gate on a fake clock and a fake timer: rate, burst, order, in-flight bound, close. */
class PublishGateTest {
  long nowNanos = 1_000_000_000L;
  final TreeMap<Long, Runnable> timers = new TreeMap<>(); // due time (ns) * 1024 + sequence -> task
  long nextId;
  int throttled;
  final List<Integer> ran = new ArrayList<>();

  PublishGate gate(int maxInFlight, double rate, int burst) {
    return new PublishGate(new ConnectionLimits(10, maxInFlight, 60, rate, burst), () -> nowNanos, new PublishGate.Timer() {
      @Override
      public long schedule(long delayMs, Runnable task) {
        long key = (nowNanos + delayMs * 1_000_000L) * 1024 + (nextId++ % 1024); // unique keys, due order
        timers.put(key, task);
        return key;
      }

      @Override
      public void cancel(long id) {
        timers.remove(id);
      }
    }, () -> throttled++);
  }

  /** Advances the fake clock, firing due timers in order. */
  void advanceMs(long ms) {
    long end = nowNanos + ms * 1_000_000L;
    while (!timers.isEmpty() && timers.firstKey() / 1024 <= end) {
      var e = timers.pollFirstEntry();
      nowNanos = Math.max(nowNanos, e.getKey() / 1024);
      e.getValue().run();
    }
    nowNanos = end;
  }

  @Test
  void aBurstPassesAtOnceThenTheRateHolds() {
    PublishGate g = gate(1000, 10, 5);
    for (int i = 0; i < 25; i++) {
      int n = i;
      assertTrue(g.admit(() -> ran.add(n)));
    }
    assertEquals(5, ran.size(), "the burst runs at once");
    assertEquals(20, throttled, "the rest wait");
    advanceMs(1000);
    assertEquals(15, ran.size(), "10 per second after the burst");
    advanceMs(1000);
    assertEquals(25, ran.size());
    for (int i = 0; i < 25; i++) {
      assertEquals(i, ran.get(i), "arrival order is kept");
    }
  }

  @Test
  void aMessageNeverOvertakesOnesAlreadyWaiting() {
    PublishGate g = gate(1000, 1, 1);
    g.admit(() -> ran.add(1));
    g.admit(() -> ran.add(2));
    advanceMs(999);
    assertEquals(List.of(1), ran);
    advanceMs(1);
    g.admit(() -> ran.add(3)); // a token may be there by now, but 2 came first
    assertEquals(List.of(1, 2), ran);
    advanceMs(1000);
    assertEquals(List.of(1, 2, 3), ran);
  }

  @Test
  void unansweredMessagesAreBoundedAndAnsweringFreesRoom() {
    PublishGate g = gate(3, 1e9, 1000);
    assertTrue(g.admit(() -> ran.add(1)));
    assertTrue(g.admit(() -> ran.add(2)));
    assertTrue(g.admit(() -> ran.add(3)));
    assertFalse(g.admit(() -> ran.add(4)), "a fourth unanswered message breaks the window");
    assertEquals(3, g.pending());
    g.answered();
    assertTrue(g.admit(() -> ran.add(4)));
    assertEquals(List.of(1, 2, 3, 4), ran);
  }

  @Test
  void waitingMessagesCountAgainstTheWindowToo() {
    PublishGate g = gate(4, 1, 1);
    for (int i = 0; i < 4; i++) {
      assertTrue(g.admit(() -> { }));
    }
    assertFalse(g.admit(() -> { }), "memory per connection is bounded even while messages wait for the rate");
  }

  @Test
  void closingDropsWaitingMessagesUnrunAndCancelsTheTimer() {
    PublishGate g = gate(100, 1, 1);
    g.admit(() -> ran.add(1));
    g.admit(() -> ran.add(2));
    assertEquals(1, timers.size());
    g.close();
    assertTrue(timers.isEmpty());
    advanceMs(10_000);
    assertEquals(List.of(1), ran, "a waiting message is not processed, so it is never acknowledged: the terminal resends it");
  }

  @Test
  void tokensAccrueOnlyUpToTheBurst() {
    PublishGate g = gate(1000, 100, 10);
    advanceMs(60_000);
    for (int i = 0; i < 30; i++) {
      g.admit(() -> ran.add(0));
    }
    assertEquals(10, ran.size(), "a minute of silence earns one burst, not 6,000 messages");
  }
}
