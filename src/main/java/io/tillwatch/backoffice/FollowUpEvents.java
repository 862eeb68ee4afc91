package io.tillwatch.backoffice;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.NextStep;

/**
 * What the follow-up reports as it works (metrics implement it; see docs/metrics.md). Called on the
 * follow-up's thread: implementations must not block.
 */
public interface FollowUpEvents {
  FollowUpEvents NONE = new FollowUpEvents() {};

  /** A look-up answered ({@link LookupProblem#NOT_ASKED} ones included); {@code nanos} -1 when not sent. */
  default void lookedUp(String backOffice, BackOfficeAnswer answer, long nanos) {}

  /** A final answer (or the schedule's end) set this next step. */
  default void nextStep(FindingKind kind, NextStep step) {}

  /** The schedule ended without a final answer. */
  default void gaveUp(FindingKind kind) {}

  /** Bind gauges: the number of pending checks, and each back office's breaker (0 closed, 1 half-open, 2 open). */
  default void bind(java.util.function.IntSupplier pendingChecks, java.util.Map<String, java.util.function.IntSupplier> breakers) {}
}
