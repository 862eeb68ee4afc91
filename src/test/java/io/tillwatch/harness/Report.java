package io.tillwatch.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one harness run measured and what it found wrong; {@link #failures} empty means it passed. */
final class Report {
  long seed;
  int killsRequested;
  int killsSurvived;
  int killsDuringStartup;
  int terminals;
  long runMs;
  long loadMs;
  long drainMs;
  long settleMs;
  // publisher
  long eventsGenerated;
  long eventsPublished;
  long eventsAcked;
  long eventsNeverAcked;
  long publishAttempts;
  long resendsAfterLostAck;
  long deliberateDuplicates;
  long deliberateDuplicatesWithDupFlag;
  long sessionRedeliveredAcks;
  long duplicateAcks;
  long reorderedBlocks;
  long connects;
  long connectFailures;
  long connectionsLost;
  // stored events: the journal, or a cluster's events topic
  long journalRows;
  long journalRedeliveredRows;
  long eventsLost;
  long journalUnknownRows;
  long journalMismatchedRows;
  // ground truth and tasks
  long sales;
  long salesInGroundTruth;
  final Map<String, Long> requiredByKind = new TreeMap<>();
  long findingsRequired;
  long findingsMissing;
  long findingsWronglyResolved;
  long duplicateTasks;
  long unexpectedOpenFindings;
  long transientFindingsAutoResolved;
  long tasksOnPartialSales;
  long unknownTasks;
  final Map<String, Long> tasksByKind = new TreeMap<>();
  long tasksTotal;
  long apiTasks;
  int sigtermExit;
  long daemonErrorLines;
  long daemonNotStoredLines;
  // restart-to-ready
  final List<Long> readyMs = new ArrayList<>();
  /** Cluster: from a detector's kill or join until every partition processed again, by what happened. */
  final Map<String, Long> pausesMs = new java.util.LinkedHashMap<>();
  final List<String> failures = new ArrayList<>();
  final List<String> examples = new ArrayList<>();

  void fail(String what) {
    failures.add(what);
  }

  final List<String> logLines = new ArrayList<>();

  void logLine(String line) {
    if (logLines.size() < 10) {
      logLines.add(line.length() > 400 ? line.substring(0, 400) + "..." : line);
    }
  }

  void example(String what) {
    if (examples.size() < 20) {
      examples.add(what);
    }
  }

  long percentile(double p) {
    if (readyMs.isEmpty()) {
      return -1;
    }
    List<Long> s = new ArrayList<>(readyMs);
    Collections.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }

  String render() {
    StringBuilder b = new StringBuilder();
    b.append("==== TillWatch crash-safety harness report ====\n");
    line(b, "seed", seed);
    line(b, "kills survived (SIGKILL -> restart -> ready)", killsSurvived + " of " + killsRequested + " (" + killsDuringStartup
        + " during start-up/recovery)");
    line(b, "terminals", terminals);
    line(b, "run time / under load / final drain / settle", runMs + " ms / " + loadMs + " ms / " + drainMs + " ms / "
        + settleMs + " ms");
    line(b, "events generated", eventsGenerated);
    line(b, "events published (distinct)", eventsPublished);
    line(b, "events acknowledged (distinct)", eventsAcked + String.format(" (%.0f/s under load)", eventsAcked * 1000.0 / Math.max(1, loadMs)));
    line(b, "events never acknowledged", eventsNeverAcked);
    line(b, "publish attempts", publishAttempts);
    line(b, "  resends after lost PUBACK (new packet id)", resendsAfterLostAck);
    line(b, "  deliberate duplicates of acked events", deliberateDuplicates + " (" + deliberateDuplicatesWithDupFlag + " with DUP flag)");
    line(b, "  acks after Paho session redelivery (same packet id, DUP)", sessionRedeliveredAcks);
    line(b, "  events acknowledged more than once", duplicateAcks);
    line(b, "  blocks published out of order", reorderedBlocks);
    line(b, "terminal connects / failed attempts / connections lost", connects + " / " + connectFailures + " / " + connectionsLost);
    line(b, "stored rows (journal/events topic) / redelivered copies", journalRows + " / " + journalRedeliveredRows);
    line(b, "EVENTS LOST (acked, not stored)", eventsLost);
    line(b, "stored rows not published / mismatched", journalUnknownRows + " / " + journalMismatchedRows);
    line(b, "sales / in ground truth (all events acked)", sales + " / " + salesInGroundTruth);
    line(b, "findings required", findingsRequired + " " + requiredByKind);
    line(b, "MISSING findings", findingsMissing);
    line(b, "required findings wrongly resolved", findingsWronglyResolved);
    line(b, "DUPLICATE tasks", duplicateTasks);
    line(b, "UNEXPECTED open findings", unexpectedOpenFindings);
    line(b, "transient findings, auto-resolved (late events after a kill)", transientFindingsAutoResolved);
    line(b, "tasks on partially acked sales (not judged)", tasksOnPartialSales);
    line(b, "tasks for unknown sales", unknownTasks);
    line(b, "tasks total (db) / via API", tasksTotal + " / " + apiTasks + " " + tasksByKind);
    line(b, "restart-to-ready ms p50 / p99 / max (n)", percentile(50) + " / " + percentile(99) + " / " + percentile(100) + " ("
        + readyMs.size() + ")");
    pausesMs.forEach((what, ms) -> line(b, "processing pause (ms) after " + what, ms));
    line(b, "SIGTERM exit status at the end", sigtermExit);
    line(b, "daemon log: ERROR lines / 'could not store' lines", daemonErrorLines + " / " + daemonNotStoredLines);
    b.append(failures.isEmpty() ? "RESULT: PASS\n" : "RESULT: FAIL\n");
    failures.forEach(f -> b.append("  FAIL ").append(f).append('\n'));
    examples.forEach(e -> b.append("  e.g. ").append(e).append('\n'));
    logLines.forEach(l -> b.append("  daemon log: ").append(l).append('\n'));
    return b.toString();
  }

  private static void line(StringBuilder b, String k, Object v) {
    b.append(String.format("%-58s %s%n", k, v));
  }
}
