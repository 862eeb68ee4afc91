package io.tillwatch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import org.junit.jupiter.api.Test;

class TaskIndexTest {
  private static final long NOW = 1_800_000_000_000L;

  private static FindingKey key(String subject, FindingKind kind) {
    return new FindingKey(kind, "m", "t", subject);
  }

  private static Task task(String subject, FindingKind kind, Severity severity, long detectedAt) {
    return Task.open("t_" + subject, new TaskFinding(key(subject, kind), null, kind.action(), detectedAt),
        new TaskSale("x", 1, "CNY", null, null, null), severity, detectedAt);
  }

  @Test
  void summaryCountsCommittedTasksAndRefreshesWhenStale() {
    TaskIndex index = new TaskIndex();
    assertEquals(0, index.summary(NOW, 500).open(FindingKind.STUCK_REVERSAL, Severity.CRITICAL));
    index.put(task("a", FindingKind.STUCK_REVERSAL, Severity.CRITICAL, NOW - 60_000));
    index.put(task("b", FindingKind.STUCK_REVERSAL, Severity.CRITICAL, NOW - 10_000));
    assertTrue(index.claim(key("c", FindingKind.STUCK_REVERSAL).asString(), FindingKind.STUCK_REVERSAL, Severity.CRITICAL,
        NOW), "pending insert");
    // memoized within maxAge ...
    assertEquals(0, index.summary(NOW + 100, 500).open(FindingKind.STUCK_REVERSAL, Severity.CRITICAL));
    // ... and recomputed after it; the pending claim is not counted until its insert commits
    TaskIndex.Summary s = index.summary(NOW + 1_000, 500);
    assertEquals(2, s.open(FindingKind.STUCK_REVERSAL, Severity.CRITICAL));
    assertEquals(61_000, s.oldestAgeMs(FindingKind.STUCK_REVERSAL, NOW + 1_000));
    assertEquals(0, s.oldestAgeMs(FindingKind.UNPRINTED_RECEIPT, NOW + 1_000));
  }

  @Test
  void aKeyIsClaimedOnceUntilRemoved() {
    TaskIndex index = new TaskIndex();
    assertTrue(index.claim("k", FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, NOW));
    assertFalse(index.claim("k", FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, NOW));
    index.remove("k");
    assertTrue(index.claim("k", FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, NOW));
  }
}
