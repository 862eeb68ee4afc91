package io.tillwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** PUBACKs leave in arrival order, each once its message is released, whatever order the releases come in. */
class BrokerAcksTest {
  private final Queue<Runnable> loop = new ArrayDeque<>();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final BrokerAcks acks = new BrokerAcks(loop::add, nanos::get);
  private final List<Integer> sent = new ArrayList<>();

  @Test
  void aReleasedMessageWaitsForThoseThatArrivedBeforeIt() {
    List<BrokerAcks.Slot> slots = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int n = i;
      slots.add(acks.arrived(() -> sent.add(n)));
    }
    slots.get(2).release();
    slots.get(1).release();
    runLoop();
    assertEquals(List.of(), sent, "the first has not been released");
    assertEquals(4, acks.waiting());

    slots.get(0).release();
    runLoop();
    assertEquals(List.of(0, 1, 2), sent);
    assertEquals(1, acks.waiting());

    slots.get(3).release();
    runLoop();
    assertEquals(List.of(0, 1, 2, 3), sent);
    assertEquals(0, acks.waiting());
  }

  @Test
  void releasesBeforeTheLoopRunsCostOneHop() {
    List<BrokerAcks.Slot> slots = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      slots.add(acks.arrived(() -> sent.add(n)));
    }
    slots.forEach(BrokerAcks.Slot::release);
    assertEquals(1, loop.size(), "one drain scheduled for the whole batch");
    runLoop();
    assertEquals(100, sent.size());
    assertEquals(0, sent.get(0));
    assertEquals(99, sent.get(99));
  }

  @Test
  void anUnreleasedMessageHoldsBackEverythingAfterIt() {
    acks.arrived(() -> sent.add(0)); // never released: not stored, the connection drops
    BrokerAcks.Slot later = acks.arrived(() -> sent.add(1));
    later.release();
    runLoop();
    assertEquals(List.of(), sent);
  }

  @Test
  void theOldestWaitingMessageIsTheAgeDetectionHoldsBackBy() {
    assertEquals(0, acks.oldestWaitingMs());
    BrokerAcks.Slot first = acks.arrived(() -> sent.add(0));
    nanos.addAndGet(30_000_000);
    BrokerAcks.Slot second = acks.arrived(() -> sent.add(1));
    nanos.addAndGet(5_000_000);
    assertEquals(35, acks.oldestWaitingMs(), "the first message's age");
    first.release();
    runLoop();
    assertEquals(5, acks.oldestWaitingMs(), "now the second's");
    second.release();
    runLoop();
    assertEquals(0, acks.oldestWaitingMs());
  }

  @Test
  void whenAllAcknowledgedRunsAfterTheLastPubackOfWhatArrived() {
    BrokerAcks.Slot first = acks.arrived(() -> sent.add(0));
    BrokerAcks.Slot second = acks.arrived(() -> sent.add(1));
    acks.whenAllAcknowledged(() -> sent.add(-1));
    second.release();
    runLoop();
    assertEquals(List.of(), sent, "the first still waits");
    first.release();
    runLoop();
    assertEquals(List.of(0, 1, -1), sent);

    acks.whenAllAcknowledged(() -> sent.add(-2));
    assertEquals(List.of(0, 1, -1, -2), sent, "none waiting: at once");
  }

  @Test
  void whenAtMostRunsOnceFewEnoughWaitAndOnlyOnce() {
    BrokerAcks.Slot first = acks.arrived(() -> sent.add(0));
    BrokerAcks.Slot second = acks.arrived(() -> sent.add(1));
    BrokerAcks.Slot third = acks.arrived(() -> sent.add(2));
    acks.whenAtMost(1, () -> sent.add(-1));
    first.release();
    runLoop();
    assertEquals(List.of(0), sent, "two still wait");
    second.release();
    runLoop();
    assertEquals(List.of(0, 1, -1), sent, "one waits: few enough");
    third.release();
    runLoop();
    assertEquals(List.of(0, 1, -1, 2), sent, "run once, not again");
  }

  private void runLoop() {
    Runnable task;
    while ((task = loop.poll()) != null) {
      task.run();
    }
  }
}
