package io.tillwatch.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The live stream's row form of a task: what an inbox row needs, and much less than the whole task. */
class TaskViewRowTest {
  @Test
  void aRowKeepsWhatTheInboxShowsAndDropsTheTaskPagesTexts() {
    Task t = TaskSamples.task("t_1", FindingKind.UNCONFIRMED_SALE, "m001", "t0001", "s1", 1_000);
    JsonObject full = new JsonObject(TaskView.toMap(t, AckDeadlines.defaults()));
    JsonObject row = new JsonObject(TaskView.toRowMap(t, AckDeadlines.defaults()));
    for (String f : Set.of("id", "kind", "severity", "state", "merchant", "terminal", "txn", "amountText", "detectedAt",
        "ackDueAt", "subjectText")) {
      assertEquals(full.getValue(f), row.getValue(f), f);
    }
    for (String f : Set.of("detail", "action", "pan", "followUp", "allowedResolutions", "note")) {
      assertTrue(!row.containsKey(f), f);
    }
    int fullBytes = full.encode().length();
    int rowBytes = row.encode().length();
    assertTrue(rowBytes * 2 < fullBytes, "row " + rowBytes + " bytes, full " + fullBytes);
  }
}
