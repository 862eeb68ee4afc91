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
 * that bucket may hold nodes due later in the same tick. A deadline already in the past is filed
 * under the cursor tick, so the next advance fires it. When the jump covers a whole revolution or
 * more (recovery, a stalled tick), every bucket is scanned exactly once instead of iterating
 * millions of empty ticks.
 *
 * <p>Due nodes are unlinked and collected first, then sorted by deadline and fired in that order.
 * A collected node is marked {@link #FIRING}: if an earlier callback cancels or reschedules it, it
 * is skipped. A callback may schedule a node that is already due: it lands in the cursor bucket and
 * the advance keeps going until nothing due is left. Not thread-safe: one wheel per engine shard.
 */
final class DeadlineWheel {
  static final int UNSCHEDULED = -1;
  static final int FIRING = -2;

  private static final Comparator<DeadlineNode> BY_DEADLINE = Comparator.comparingLong(n -> n.deadline);

  private final long tickMs;
  private final DeadlineNode[] heads;
  private final int mask;
  private final ArrayList<DeadlineNode> due = new ArrayList<>();
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
    if (node.bucket >= 0) {
      unlink(node);
    } else {
      size++;
    }
    node.deadline = deadlineMs;
    long tick = Math.max(Math.floorDiv(deadlineMs, tickMs), cursorTick);
    int b = (int) (tick & mask);
    DeadlineNode head = heads[b];
    node.prev = null;
    node.next = head;
    if (head != null) {
      head.prev = node;
    }
    heads[b] = node;
    node.bucket = b;
    if (deadlineMs <= now) {
      dueScheduledWhileFiring = true;
    }
  }

  /** Removes {@code node} if scheduled (or about to fire in the current advance); no-op otherwise. */
  void cancel(DeadlineNode node) {
    if (node.bucket >= 0) {
      unlink(node);
      node.bucket = UNSCHEDULED;
      size--;
    } else if (node.bucket == FIRING) {
      node.bucket = UNSCHEDULED;
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
        if (n.bucket == FIRING) {
          n.bucket = UNSCHEDULED;
          fired++;
          fire.accept(n);
        }
      }
      due.clear();
      if (dueScheduledWhileFiring) {
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
        unlink(n);
        n.bucket = FIRING;
        size--;
        due.add(n);
      }
      n = next;
    }
  }

  private void unlink(DeadlineNode n) {
    if (n.prev == null) {
      heads[n.bucket] = n.next;
    } else {
      n.prev.next = n.next;
    }
    if (n.next != null) {
      n.next.prev = n.prev;
    }
    n.prev = null;
    n.next = null;
  }
}
