package io.tillwatch.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * A hashed timing wheel of intrusive {@link DeadlineNode}s: the engine's "who must be looked at
 * next" structure, O(1) to schedule, reschedule and cancel, with millions of open sales.
 *
 * <p>Design. Time is cut into ticks of {@code tickMs}; tick {@code t} hashes to bucket
 * {@code t & mask}. A bucket is a doubly-linked list threaded through the nodes themselves. Instead
 * of Netty's per-node "remaining rounds" counter, a node simply stays in its bucket until a scan
 * finds {@code deadline <= now} ("deadline beyond this revolution stays in bucket"); a node due in a
 * later revolution costs one comparison per revolution.
 *
 * <p>{@code cursorTick} is the lowest tick whose bucket may still hold a due node. Advancing scans
 * the buckets of ticks {@code cursorTick..target} and leaves the cursor ON the target tick, because
 * that bucket may hold nodes due later in the same tick. A deadline of a tick before the cursor
 * goes on a separate overdue list, which every advance empties. When the jump covers a whole
 * revolution or more (recovery, a stalled tick), every bucket is scanned exactly once instead of
 * iterating millions of empty ticks.
 *
 * <p>Memory: a node carries no bucket index (4 bytes on each of millions of sales). A node is filed
 * in the bucket of its own deadline's tick, never elsewhere (hence the overdue list), so the bucket
 * of the first node of a list is {@code floorDiv(deadline, tickMs) & mask}; the first node's
 * {@code prev} is the marker {@link #HEAD} or {@link #OVERDUE} instead of null.
 *
 * <p>Due nodes are unlinked and collected first, then sorted by deadline and fired in that order.
 * A collected node is marked {@link #FIRING} (in {@code prev}): if an earlier callback cancels or
 * reschedules it, it is skipped. A callback may schedule a node that is already due: it lands in
 * the cursor bucket or the overdue list, and the advance keeps going until nothing due is left. Not thread-safe: one wheel per engine shard.
 */
final class DeadlineWheel {
  /** {@code prev} of the first node of a bucket. */
  static final DeadlineNode HEAD = new Marker();
  /** {@code prev} of the first node of the overdue list. */
  static final DeadlineNode OVERDUE = new Marker();
  /** {@code prev} of a node collected for firing in the current advance. */
  static final DeadlineNode FIRING = new Marker();

  private static final class Marker extends DeadlineNode {}

  private static final Comparator<DeadlineNode> BY_DEADLINE = Comparator.comparingLong(n -> n.deadline);

  private final long tickMs;
  private final DeadlineNode[] heads;
  private final int mask;
  private final ArrayList<DeadlineNode> due = new ArrayList<>();
  /** Nodes scheduled at a tick before the cursor: all due at the next advance. */
  private DeadlineNode overdue;
  private long cursorTick;
  private long now;
  private int size;
  private boolean dueScheduledWhileFiring;

  /**
   * @param tickMs    resolution; a node fires at the first advance at or after its deadline
   * @param wheelSize number of buckets, a power of two
   * @param nowMs     the clock at creation
   */
  DeadlineWheel(long tickMs, int wheelSize, long nowMs) {
    if (tickMs <= 0) {
      throw new IllegalArgumentException("tickMs must be > 0: " + tickMs);
    }
    if (wheelSize <= 0 || Integer.bitCount(wheelSize) != 1) {
      throw new IllegalArgumentException("wheelSize must be a power of two: " + wheelSize);
    }
    this.tickMs = tickMs;
    this.heads = new DeadlineNode[wheelSize];
    this.mask = wheelSize - 1;
    this.now = nowMs;
    this.cursorTick = Math.floorDiv(nowMs, tickMs);
  }

  long now() {
    return now;
  }

  /** Number of scheduled nodes. */
  int size() {
    return size;
  }

  /** Schedules {@code node} at {@code deadlineMs}, moving it if it was already scheduled. */
  void schedule(DeadlineNode node, long deadlineMs) {
    if (node.isScheduled()) {
      unlink(node);
    } else {
      size++;
    }
    node.deadline = deadlineMs;
    long tick = Math.floorDiv(deadlineMs, tickMs);
    DeadlineNode head;
    if (tick < cursorTick) {
      head = overdue;
      overdue = node;
      node.prev = OVERDUE;
    } else {
      int b = (int) (tick & mask);
      head = heads[b];
      heads[b] = node;
      node.prev = HEAD;
    }
    node.next = head;
    if (head != null) {
      head.prev = node;
    }
    if (deadlineMs <= now) {
      dueScheduledWhileFiring = true;
    }
  }

  /** Removes {@code node} if scheduled (or about to fire in the current advance); no-op otherwise. */
  void cancel(DeadlineNode node) {
    if (node.isScheduled()) {
      unlink(node);
      size--;
    } else if (node.prev == FIRING) {
      node.prev = null;
    }
  }

  /**
   * Moves the clock to {@code nowMs} (never backwards) and fires every node whose deadline is at or
   * before it, in deadline order. Returns the number of nodes fired.
   */
  int advanceTo(long nowMs, Consumer<? super DeadlineNode> fire) {
    if (nowMs > now) {
      now = nowMs;
    }
    long target = Math.floorDiv(now, tickMs);
    collectOverdue();
    if (target - cursorTick >= heads.length) {
      for (int b = 0; b < heads.length; b++) {
        collect(b);
      }
    } else {
      for (long t = cursorTick; t <= target; t++) {
        collect((int) (t & mask));
      }
    }
    cursorTick = target;
    int fired = 0;
    while (!due.isEmpty()) {
      if (due.size() > 1) {
        due.sort(BY_DEADLINE);
      }
      dueScheduledWhileFiring = false;
      for (int i = 0; i < due.size(); i++) {
        DeadlineNode n = due.get(i);
        if (n.prev == FIRING) {
          n.prev = null;
          fired++;
          fire.accept(n);
        }
      }
      due.clear();
      if (dueScheduledWhileFiring) {
        collectOverdue();
        collect((int) (cursorTick & mask));
      }
    }
    return fired;
  }

  private void collect(int b) {
    DeadlineNode n = heads[b];
    while (n != null) {
      DeadlineNode next = n.next;
      if (n.deadline <= now) {
        markDue(n);
      }
      n = next;
    }
  }

  private void collectOverdue() {
    while (overdue != null) {
      markDue(overdue); // everything here is due: its tick is before the cursor, so before now
    }
  }

  private void markDue(DeadlineNode n) {
    unlink(n);
    n.prev = FIRING;
    size--;
    due.add(n);
  }

  private void unlink(DeadlineNode n) {
    DeadlineNode prev = n.prev;
    DeadlineNode next = n.next;
    if (prev == HEAD) {
      heads[(int) (Math.floorDiv(n.deadline, tickMs) & mask)] = next;
    } else if (prev == OVERDUE) {
      overdue = next;
    } else {
      prev.next = next;
    }
    if (next != null) {
      next.prev = prev;
    }
    n.prev = null;
    n.next = null;
  }
}
