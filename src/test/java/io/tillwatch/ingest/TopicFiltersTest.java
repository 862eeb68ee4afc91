package io.tillwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicFiltersTest {
  @Test
  void wildcards() {
    assertTrue(TopicFilters.matches("ops/v1/tasks/+", "ops/v1/tasks/m001"));
    assertTrue(TopicFilters.matches("ops/v1/tasks/#", "ops/v1/tasks/m001"));
    assertTrue(TopicFilters.matches("ops/v1/tasks/m001", "ops/v1/tasks/m001"));
    assertFalse(TopicFilters.matches("ops/v1/tasks/m002", "ops/v1/tasks/m001"));
    assertFalse(TopicFilters.matches("ops/v1/tasks/+", "ops/v1/tasks/m001/x"));
  }

  @Test
  void onlyCommandAndTaskTopicsCanBeSubscribed() {
    assertTrue(TopicFilters.subscribable("pos/v1/m001/t0001/cmd"));
    assertFalse(TopicFilters.subscribable("pos/v1/+/t0001/cmd"), "no wildcard in a command topic");
    assertFalse(TopicFilters.subscribable("pos/v1/m001/#"));
    assertFalse(TopicFilters.subscribable("pos/v1/m001/t0001/txn"), "terminal telemetry is not for subscribers");
    assertFalse(TopicFilters.subscribable("#"));
    assertTrue(TopicFilters.subscribable("ops/v1/tasks/+"));
    assertTrue(TopicFilters.subscribable("ops/v1/tasks/#"));
    assertTrue(TopicFilters.subscribable("ops/v1/tasks/m001"));
    assertFalse(TopicFilters.subscribable("ops/v1/tasks/m 001"));
  }
}
