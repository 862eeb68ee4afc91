package io.tillwatch.engine;

/**
 * The intrusive link of {@link DeadlineWheel}. An object that must be re-evaluated at some time
 * (a sale, a terminal) extends this class, so scheduling, rescheduling and cancelling allocate
 * nothing and cost O(1): the node unlinks itself from its bucket through {@code prev}/{@code next}.
 * One node per object means one pending deadline per object: the earliest of its rules' deadlines.
 */
abstract class DeadlineNode {
  DeadlineNode prev;
  DeadlineNode next;
  /** Epoch ms at which the owner must be re-evaluated; meaningful only while scheduled. */
  long deadline;
  /** Bucket index while scheduled; {@link DeadlineWheel#UNSCHEDULED} or {@link DeadlineWheel#FIRING} otherwise. */
  int bucket = DeadlineWheel.UNSCHEDULED;

  final boolean isScheduled() {
    return bucket >= 0;
  }
}
