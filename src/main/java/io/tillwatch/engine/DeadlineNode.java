package io.tillwatch.engine;

/**
 * The intrusive link of {@link DeadlineWheel}. An object that must be re-evaluated at some time
 * (a sale, a terminal) extends this class, so scheduling, rescheduling and cancelling allocate
 * nothing and cost O(1): the node unlinks itself from its bucket through {@code prev}/{@code next}.
 * One node per object means one pending deadline per object: the earliest of its rules' deadlines.
 *
 * <p>Layout: two links and the deadline, 16 bytes, nothing else. There is no bucket index: the
 * node's state is told by {@code prev} ({@code null}: not scheduled; one of the wheel's markers:
 * first of a list, or collected for firing; otherwise the previous node), and the bucket of the
 * first node of a bucket is recomputed from its deadline. Millions of sales carry this link, so
 * every field here costs megabytes.
 */
abstract class DeadlineNode {
  DeadlineNode prev;
  DeadlineNode next;
  /** Epoch ms at which the owner must be re-evaluated; meaningful only while scheduled. */
  long deadline;

  final boolean isScheduled() {
    return prev != null && prev != DeadlineWheel.FIRING;
  }
}
