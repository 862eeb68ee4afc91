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
  void aTerminalMaySubscribeOnlyToItsOwnCommands() {
    assertTrue(TopicFilters.allowed("pos/v1/m001/t0001/cmd", "t0001"));
    assertFalse(TopicFilters.allowed("pos/v1/m001/t0002/cmd", "t0001"));
    assertFalse(TopicFilters.allowed("pos/v1/+/t0001/cmd", "t0001"));
    assertFalse(TopicFilters.allowed("pos/v1/m001/t0001/txn", "t0001"));
    assertFalse(TopicFilters.allowed("#", "t0001"));
    assertTrue(TopicFilters.allowed("ops/v1/tasks/+", "console-1"));
    assertTrue(TopicFilters.allowed("ops/v1/tasks/m001", "console-1"));
  }
}
