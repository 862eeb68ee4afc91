package io.tillwatch.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadlineWheelTest {

  static final class Node extends DeadlineNode {
    final int id;

    Node(int id) {
      this.id = id;
    }
  }

  private final List<Node> fired = new ArrayList<>();

  private void record(DeadlineNode n) {
    fired.add((Node) n);
  }

  @Test
  void firesAtOrAfterDeadlineNotBefore() {
    DeadlineWheel w = new DeadlineWheel(100, 64, 1_000);
    Node a = new Node(1);
    w.schedule(a, 1_250);
    assertEquals(0, w.advanceTo(1_249, this::record));
    assertEquals(1, w.advanceTo(1_250, this::record));
    assertEquals(List.of(a), fired);
    assertFalse(a.isScheduled());
    assertEquals(0, w.size());
  }

  @Test
  void dueLaterInTheSameTickIsNotLost() {
    DeadlineWheel w = new DeadlineWheel(100, 64, 0);
    Node a = new Node(1);
    w.schedule(a, 190);
    w.advanceTo(150, this::record);
    assertTrue(fired.isEmpty());
    w.advanceTo(190, this::record);
    assertEquals(List.of(a), fired);
  }

  @Test
  void cancelAndReschedule() {
    DeadlineWheel w = new DeadlineWheel(100, 64, 0);
    Node a = new Node(1);
    Node b = new Node(2);
    Node c = new Node(3);
    w.schedule(a, 500);
    w.schedule(b, 500);
    w.schedule(c, 500);
    w.cancel(b);
    w.schedule(c, 5_000);
    assertEquals(2, w.size());
    w.advanceTo(1_000, this::record);
    assertEquals(List.of(a), fired);
    w.advanceTo(5_000, this::record);
    assertEquals(List.of(a, c), fired);
    w.cancel(c); // cancelling an unscheduled node is a no-op
    assertEquals(0, w.size());
  }

  @Test
  void firesInDeadlineOrderAcrossBucketsAndRevolutions() {
    DeadlineWheel w = new DeadlineWheel(10, 8, 0); // one revolution = 80 ms
    long[] deadlines = {75, 5, 300, 12, 80, 81, 5_000, 79, 160};
    for (int i = 0; i < deadlines.length; i++) {
      w.schedule(new Node(i), deadlines[i]);
    }
    w.advanceTo(200, this::record);
    assertEquals(List.of(5L, 12L, 75L, 79L, 80L, 81L, 160L), deadlinesOf(fired));
    fired.clear();
    w.advanceTo(10_000, this::record);
    assertEquals(List.of(300L, 5_000L), deadlinesOf(fired));
  }

  @Test
  void pastDeadlineFiresAtNextAdvance() {
    DeadlineWheel w = new DeadlineWheel(100, 64, 10_000);
    w.advanceTo(20_000, this::record);
    Node a = new Node(1);
    w.schedule(a, 3_000); // long past
    w.advanceTo(20_000, this::record);
    assertEquals(List.of(a), fired);
  }

  @Test
  void timeNeverGoesBackwards() {
    DeadlineWheel w = new DeadlineWheel(100, 64, 10_000);
    Node a = new Node(1);
    w.schedule(a, 10_500);
    w.advanceTo(11_000, this::record);
    w.advanceTo(5_000, this::record);
    assertEquals(11_000, w.now());
    Node b = new Node(2);
    w.schedule(b, 10_900);
    w.advanceTo(5_000, this::record); // still "now" = 11_000, so b is due
    assertEquals(List.of(a, b), fired);
  }

  @Test
  void callbackMayRescheduleAndCancelOthers() {
    DeadlineWheel w = new DeadlineWheel(100, 64, 0);
    Node a = new Node(1);
    Node b = new Node(2);
    Node c = new Node(3);
    w.schedule(a, 100);
    w.schedule(b, 200);
    w.schedule(c, 300);
    w.advanceTo(1_000, n -> {
      record(n);
      if (n == a) {
        w.cancel(b); // b was collected in the same advance: must not fire
        w.schedule(c, 5_000); // moved out of the due set
        w.schedule(new Node(4), 900); // already due: fires in this advance
      }
    });
    assertEquals(List.of(1, 4), idsOf(fired));
    assertEquals(1, w.size());
  }

  @Test
  void hugeJumpScansOneRevolutionAndFiresInOrder() {
    DeadlineWheel w = new DeadlineWheel(100, 1 << 10, 0);
    Random rnd = new Random(7);
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      long d = rnd.nextInt(3_600_000 * 5);
      w.schedule(new Node(i), d);
      expected.add(d);
    }
    expected.sort(null);
    long t0 = System.nanoTime();
    w.advanceTo(3_600_000L * 24 * 365, this::record); // a year: must not walk ticks one by one
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(expected, deadlinesOf(fired));
    assertTrue(ms < 2_000, "took " + ms + " ms");
  }

  @Test
  void oneMillionNodesScheduleCancelAndFireQuickly() {
    DeadlineWheel w = new DeadlineWheel(100, 1 << 14, 0);
    int n = 1_000_000;
    Node[] nodes = new Node[n];
    Random rnd = new Random(42);
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      nodes[i] = new Node(i);
      w.schedule(nodes[i], 1 + rnd.nextInt(600_000));
    }
    for (int i = 0; i < n; i += 2) {
      w.cancel(nodes[i]);
    }
    for (int i = 1; i < n; i += 4) {
      w.schedule(nodes[i], 600_001 + rnd.nextInt(600_000));
    }
    assertEquals(n / 2, w.size());
    long[] last = {Long.MIN_VALUE};
    int[] count = {0};
    // advance tick by tick over 20 minutes of time, as the shard's periodic tick would
    for (long t = 0; t <= 1_200_000; t += 100) {
      w.advanceTo(t, x -> {
        assertTrue(x.deadline >= last[0]);
        last[0] = x.deadline;
        count[0]++;
      });
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(n / 2, count[0]);
    assertEquals(0, w.size());
    assertTrue(ms < 5_000, "took " + ms + " ms");
  }

  private static List<Long> deadlinesOf(List<Node> nodes) {
    List<Long> out = new ArrayList<>();
    for (Node n : nodes) {
      out.add(n.deadline);
    }
    return out;
  }

  private static List<Integer> idsOf(List<Node> nodes) {
    List<Integer> out = new ArrayList<>();
    for (Node n : nodes) {
      out.add(n.id);
    }
    return out;
  }
}
