package io.tillwatch.reconcile;

import io.tillwatch.engine.Finding;
import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies what an import found to the tasks, through the task service: a SETTLED_NOT_SEEN task per
 * charge TillWatch never saw complete (the raise path, as for the engine's findings), and the
 * settled tasks resolved FOUND_IN_BACKOFFICE by TillWatch with the bill lines as evidence.
 *
 * <p>Every step is idempotent (a raise lands on the task of its dedupe key, resolved or not; an
 * automatic resolution skips a task already resolved), so applying a report again, after an
 * interruption, changes nothing that was done. Blocking: call off the event loop.
 */
final class ReconcileEffects {
  static final String SUBJECT_NONE = "-";

  private final TaskService tasks;
  private final ReconcileStore store;
  private final Clock clock;
  private final java.time.ZoneId zone;

  ReconcileEffects(TaskService tasks, ReconcileStore store, Clock clock, java.time.ZoneId zone) {
    this.tasks = tasks;
    this.store = store;
    this.clock = clock;
    this.zone = zone;
  }

  /** The report with the ids of the tasks opened; throws when one could not be stored. */
  ReconcileReport apply(ReconcileReport report) {
    List<String> keys = new ArrayList<>();
    for (ReportLine l : report.lines()) {
      String key = null;
      if (l.outcome() == Outcome.CHARGE_NOT_SEEN) {
        Finding f = finding(report, l);
        key = f.key().asString();
        tasks.raised(f);
      } else if (l.outcome() == Outcome.SETTLED_TASK && l.taskId() != null) {
        tasks.settle(l.taskId(), Resolution.FOUND_IN_BACKOFFICE, evidence(report, l)).join();
      }
      keys.add(key);
    }
    store.barrier().join(); // every raise above has committed (or failed) by now
    List<ReportLine> out = new ArrayList<>();
    for (int i = 0; i < report.lines().size(); i++) {
      ReportLine l = report.lines().get(i);
      String key = keys.get(i);
      if (key == null) {
        out.add(l);
        continue;
      }
      Optional<Task> t = store.taskByKey(key);
      if (t.isEmpty()) {
        throw new IllegalStateException("the task for bill line(s) " + l.billLines() + " could not be stored; "
            + "import the same file again to complete it");
      }
      out.add(l.withTask(t.get().id()));
    }
    return report.withLines(out);
  }

  private Finding finding(ReconcileReport report, ReportLine l) {
    String subject = !l.ref().isEmpty() ? l.ref() : !l.acquirerRef().isEmpty() ? l.acquirerRef() : "line-" + l.billLines().get(0);
    String terminal = l.terminal() == null || l.terminal().isEmpty() ? SUBJECT_NONE : l.terminal();
    FindingKey key = new FindingKey(FindingKind.SETTLED_NOT_SEEN, l.merchant(), terminal, subject);
    long now = clock.millis();
    return new Finding(key, FindingKind.SETTLED_NOT_SEEN.defaultSeverity(), l.txn(), l.billAmount(), l.currency(), null,
        null, now, now, null, evidence(report, l));
  }

  /** One sentence naming the bill, its lines and what they say; no card data (bills carry none). */
  String evidence(ReconcileReport report, ReportLine l) {
    String lines = l.billLines().stream().map(String::valueOf).collect(Collectors.joining(", "));
    StringBuilder s = new StringBuilder("Settlement bill (").append(report.format().label()).append(", ")
        .append(report.billDate()).append(") line ").append(lines).append(": ");
    s.append(l.billAmount() > 0 ? "charged " + YuanAmounts.format(l.billAmount(), l.currency()) : "money returned");
    s.append(" at ").append(java.time.Instant.ofEpochMilli(l.timeMs()).atZone(zone).toOffsetDateTime());
    if (!l.ref().isEmpty()) {
      s.append(", order ").append(l.ref());
    }
    if (!l.acquirerRef().isEmpty()) {
      s.append(", acquirer ref ").append(l.acquirerRef());
    }
    if (l.note() != null) {
      s.append(". ").append(l.note());
    }
    return s.toString();
  }
}
