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

  @Test
  void overdueCountsOnlyOpenTasksPastTheirSeverityLimitAndForgetsAcknowledgedOnes() {
    TaskIndex index = new TaskIndex(AckDeadlines.defaults());
    Task critical = task("a", FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL, NOW - 11 * 60_000);
    Task criticalYoung = task("b", FindingKind.STUCK_REVERSAL, Severity.CRITICAL, NOW - 9 * 60_000);
    Task warning = task("c", FindingKind.UNPRINTED_RECEIPT, Severity.WARNING, NOW - 11 * 60_000);
    index.put(critical);
    index.put(criticalYoung);
    index.put(warning);
    assertTrue(index.claim(key("d", FindingKind.UNCONFIRMED_SALE).asString(), FindingKind.UNCONFIRMED_SALE,
        Severity.CRITICAL, NOW - 3_600_000), "pending: not counted until committed");
    TaskIndex.Summary s = index.summary(NOW, 500);
    assertEquals(1, s.overdue(Severity.CRITICAL));
    assertEquals(0, s.overdue(Severity.WARNING));
    assertEquals(0, s.overdue(Severity.INFO));
    assertEquals(java.util.List.of("t_a"), index.overdue(NOW).stream().map(TaskIndex.Entry::id).toList());

    index.acknowledged(critical.acknowledge("alice", NOW).to());
    assertEquals(0, index.summary(NOW + 1_000, 500).overdue(Severity.CRITICAL), "acknowledged: someone owns it");
    assertEquals(2, index.summary(NOW + 1_000, 500).open(FindingKind.UNCONFIRMED_SALE, Severity.CRITICAL)
        + index.summary(NOW + 1_000, 500).open(FindingKind.STUCK_REVERSAL, Severity.CRITICAL), "still unresolved");
    assertEquals(1, index.summary(NOW + 2 * 60_000, 500).overdue(Severity.CRITICAL), "b passed its 10 minutes");

    index.remove(critical.dedupeKey());
    index.acknowledged(critical.acknowledge("alice", NOW).to());
    assertEquals(1, index.overdue(NOW + 2 * 60_000).size(), "an acknowledgement after removal does not bring it back");
  }
}
