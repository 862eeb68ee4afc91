package io.tillwatch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.Severity;
import org.junit.jupiter.api.Test;

/** Every lifecycle step of a task and every refusal, without storage. */
class TaskTest {
  private static final Task OPEN = TaskSamples.saleTask("t_1", "s1", 1_000); // critical
  private static final Task ACKNOWLEDGED = OPEN.acknowledge("alice", 2_000).to();
  private static final Task RESOLVED = OPEN.resolve(Resolution.REPRINTED, "bob", "slip reprinted", 3_000).to();

  private static void assertAlreadyResolved(Task resolved, Runnable step) {
    TaskConflictException e = assertThrows(TaskConflictException.class, step::run);
    assertEquals("task t_1 is already resolved", e.getMessage());
    assertSame(resolved, e.current());
  }

  @Test
  void aFollowUpStepKeepsStateAndSeverityAndRewritesTheAction() {
    FollowUp f = FollowUp.NONE.withState(FollowUp.State.ANSWERED).withNextStep(NextStep.COLLECT_AGAIN, "Not charged: collect again.");
    TaskTransition t = ACKNOWLEDGED.followUp(f, "acq: NOT_CHARGED", 2_500);
    assertTrue(t.changes());
    assertEquals(TaskChange.Kind.FOLLOWED_UP, t.kind());
    assertEquals(TaskState.ACKNOWLEDGED, t.to().state());
    assertEquals(ACKNOWLEDGED.severity(), t.to().severity());
    assertEquals(ACKNOWLEDGED.revision() + 1, t.to().revision());
    assertEquals("Not charged: collect again.", t.to().action());
    assertEquals(OPEN.finding().action(), OPEN.action());
    assertFalse(t.to().followUp(f, "again", 2_600).changes());
    assertAlreadyResolved(RESOLVED, () -> RESOLVED.followUp(f, "late", 4_000));
  }

  @Test
  void aLateEventAfterAReprintCommandResolvesAsReprinted() {
    Task reprinting = OPEN.followUp(FollowUp.NONE.withState(FollowUp.State.ANSWERED).withCommand("cmd-1"), "sent", 2_000).to();
    assertEquals(Resolution.REPRINTED, reprinting.autoResolve("PRINTED arrived", 3_000).to().resolution().how());
    assertEquals(Resolution.AUTO_RESOLVED, OPEN.autoResolve("PRINTED arrived", 3_000).to().resolution().how());
  }

  @Test
  void tillWatchSettlesOnEvidenceButNeverAsAutoResolved() {
    TaskTransition t = OPEN.settle(Resolution.FALSE_ALARM, "only s1 was charged", 2_000);
    assertEquals(new TaskResolution(Resolution.FALSE_ALARM, TaskHistoryEntry.SYSTEM, "only s1 was charged", 2_000),
        t.to().resolution());
    assertEquals("auto-resolved FALSE_ALARM", TaskChange.of(t).text());
    assertThrows(IllegalArgumentException.class, () -> OPEN.settle(Resolution.AUTO_RESOLVED, "x", 2_000));
    assertAlreadyResolved(RESOLVED, () -> RESOLVED.settle(Resolution.NO_CHARGE, "x", 4_000));
  }

  @Test
  void aNewTaskIsOpenAndUnresolved() {
    assertEquals(TaskState.OPEN, OPEN.state());
    assertEquals(1_000, OPEN.updatedAtMs());
    assertNull(OPEN.resolution());
    assertEquals(OPEN.key().asString(), OPEN.dedupeKey());
  }

  @Test
  void acknowledgingAnOpenTask() {
    TaskTransition t = OPEN.acknowledge("alice", 2_000);
    assertTrue(t.changes());
    assertSame(OPEN, t.from());
    assertEquals(TaskState.ACKNOWLEDGED, t.to().state());
    assertEquals(2_000, t.to().updatedAtMs());
    assertEquals(OPEN.severity(), t.to().severity());
    assertNull(t.to().resolution());
    assertEquals(TaskChange.Kind.ACKNOWLEDGED, t.kind());
    assertEquals("alice", t.by());
    assertNull(t.note());
  }

  @Test
  void acknowledgingAnAcknowledgedTaskChangesNothing() {
    TaskTransition t = ACKNOWLEDGED.acknowledge("bob", 2_500);
    assertFalse(t.changes());
    assertSame(ACKNOWLEDGED, t.to());
  }

  @Test
  void acknowledgingAResolvedTaskConflicts() {
    assertAlreadyResolved(RESOLVED, () -> RESOLVED.acknowledge("carol", 4_000));
  }

  @Test
  void anOperatorResolvesAnOpenOrAcknowledgedTask() {
    for (Task from : new Task[] {OPEN, ACKNOWLEDGED}) {
      TaskTransition t = from.resolve(Resolution.FOUND_IN_BACKOFFICE, "bob", "in the back office", 3_000);
      assertTrue(t.changes());
      assertEquals(TaskState.RESOLVED, t.to().state());
      assertEquals(3_000, t.to().updatedAtMs());
      assertEquals(new TaskResolution(Resolution.FOUND_IN_BACKOFFICE, "bob", "in the back office", 3_000),
          t.to().resolution());
      assertEquals(TaskChange.Kind.RESOLVED, t.kind());
      assertEquals("bob", t.by());
      assertEquals("in the back office", t.note());
    }
  }

  @Test
  void resolvingAResolvedTaskConflicts() {
    assertAlreadyResolved(RESOLVED, () -> RESOLVED.resolve(Resolution.FALSE_ALARM, "carol", null, 4_000));
  }

  @Test
  void operatorsCannotSayAutoResolved() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OPEN.resolve(Resolution.AUTO_RESOLVED, "bob", null, 3_000));
    assertEquals("AUTO_RESOLVED is set by TillWatch, not by operators", e.getMessage());
    assertThrows(NullPointerException.class, () -> OPEN.resolve(null, "bob", null, 3_000));
  }

  @Test
  void aLateEventAutoResolvesAnOpenOrAcknowledgedTask() {
    for (Task from : new Task[] {OPEN, ACKNOWLEDGED}) {
      TaskTransition t = from.autoResolve("PRINTED arrived", 3_000);
      assertEquals(TaskState.RESOLVED, t.to().state());
      assertEquals(new TaskResolution(Resolution.AUTO_RESOLVED, "tillwatch", "PRINTED arrived", 3_000), t.to().resolution());
      assertEquals(TaskChange.Kind.AUTO_RESOLVED, t.kind());
      assertEquals("tillwatch", t.by());
      assertEquals("PRINTED arrived", t.note());
    }
  }

  @Test
  void autoResolvingAResolvedTaskConflicts() {
    assertAlreadyResolved(RESOLVED, () -> RESOLVED.autoResolve("late", 4_000));
  }

  @Test
  void theSeverityChangesWhileUnresolved() {
    TaskTransition t = ACKNOWLEDGED.withSeverity(Severity.WARNING, 3_000);
    assertTrue(t.changes());
    assertEquals(Severity.WARNING, t.to().severity());
    assertEquals(TaskState.ACKNOWLEDGED, t.to().state());
    assertEquals(3_000, t.to().updatedAtMs());
    assertEquals(TaskChange.Kind.SEVERITY_CHANGED, t.kind());
    assertEquals("tillwatch", t.by());
    assertEquals("critical -> warning", t.note());
  }

  @Test
  void theSameSeverityChangesNothing() {
    assertFalse(OPEN.withSeverity(Severity.CRITICAL, 3_000).changes());
  }

  @Test
  void aResolvedTaskKeepsItsSeverity() {
    assertAlreadyResolved(RESOLVED, () -> RESOLVED.withSeverity(Severity.WARNING, 4_000));
  }

  @Test
  void aResolutionGoesWithTheResolvedStateOnly() {
    TaskResolution r = RESOLVED.resolution();
    assertThrows(IllegalArgumentException.class, () -> new Task("t", OPEN.finding(), OPEN.sale(), Severity.INFO,
        TaskState.RESOLVED, 1, 1, null, FollowUp.NONE, 0));
    assertThrows(IllegalArgumentException.class, () -> new Task("t", OPEN.finding(), OPEN.sale(), Severity.INFO,
        TaskState.ACKNOWLEDGED, 1, 1, r, FollowUp.NONE, 0));
  }

  @Test
  void listenersHearTheTextsTheLogAndTheOpsTopicShow() {
    assertEquals(new TaskChange(OPEN, TaskChange.Kind.CREATED, "created", 250), TaskChange.created(OPEN, 250));
    assertEquals("acknowledged by alice", TaskChange.of(OPEN.acknowledge("alice", 2_000)).text());
    assertEquals("resolved REPRINTED by bob", TaskChange.of(OPEN.resolve(Resolution.REPRINTED, "bob", "n", 3_000)).text());
    assertEquals("auto-resolved", TaskChange.of(OPEN.autoResolve("PRINTED arrived", 3_000)).text());
    TaskChange severity = TaskChange.of(OPEN.withSeverity(Severity.WARNING, 3_000));
    assertEquals("severity warning", severity.text());
    assertEquals(-1, severity.detectionLagMs());
  }
}
