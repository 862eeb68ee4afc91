package io.tillwatch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AckDeadlinesTest {
  private static final long T0 = 1_800_000_000_000L;
  private final AckDeadlines deadlines = AckDeadlines.defaults();

  @Test
  void anOpenTaskIsDueByItsSeverityAndOverdueFromThatInstantOn() {
    Task critical = TaskSamples.saleTask("t1", "x1", T0);
    assertEquals(T0 + 600_000, deadlines.ackDueAtMs(critical));
    assertFalse(deadlines.overdue(critical, T0 + 599_999));
    assertTrue(deadlines.overdue(critical, T0 + 600_000));

    Task warning = TaskSamples.task("t2", FindingKind.UNPRINTED_RECEIPT, "m001", "t0001", "x2", T0);
    assertEquals(T0 + 3_600_000, deadlines.ackDueAtMs(warning));
    assertFalse(deadlines.overdue(warning, T0 + 600_000));
    assertEquals(T0 + 4 * 3_600_000, deadlines.ackDueAtMs(TaskState.OPEN, Severity.INFO, T0));
  }

  @Test
  void acknowledgedAndResolvedTasksHaveNoDeadline() {
    Task open = TaskSamples.saleTask("t1", "x1", T0);
    Task acknowledged = open.acknowledge("alice", T0 + 1_000).to();
    assertEquals(AckDeadlines.NONE, deadlines.ackDueAtMs(acknowledged));
    assertFalse(deadlines.overdue(acknowledged, T0 + 86_400_000));
    Task resolved = open.resolve(Resolution.REPRINTED, "bob", null, T0 + 2_000).to();
    assertEquals(AckDeadlines.NONE, deadlines.ackDueAtMs(resolved));
    assertFalse(deadlines.overdue(resolved, T0 + 86_400_000));
  }

  @Test
  void aSeverityChangeMovesTheDeadline() {
    Task silent = TaskSamples.task("t3", FindingKind.TERMINAL_SILENT, "m001", "t0001", "silent", T0);
    assertFalse(deadlines.overdue(silent, T0 + 700_000));
    Task critical = silent.withSeverity(Severity.CRITICAL, T0 + 5_000).to();
    assertTrue(deadlines.overdue(critical, T0 + 700_000), "critical limit runs from detection, not from the change");
  }

  @Test
  void limitsAreConfigurableAndMustBePositive() {
    AckDeadlines fast = new AckDeadlines(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3));
    assertEquals(Duration.ofMinutes(2), fast.limit(Severity.WARNING));
    assertEquals(T0 + 60_000, fast.ackDueAtMs(TaskSamples.saleTask("t1", "x1", T0)));
    assertThrows(IllegalArgumentException.class, () -> new AckDeadlines(Duration.ZERO, Duration.ofMinutes(2),
        Duration.ofMinutes(3)));
  }
}
