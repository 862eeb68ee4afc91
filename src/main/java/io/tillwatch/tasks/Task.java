package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.engine.Severity;

/**
 * An operator task as stored. Sale fields are null for terminal-level kinds ({@code amount} -1).
 *
 * @param dedupeKey   {@link io.tillwatch.engine.FindingKey#asString()}: one task per finding
 * @param subject     txn id, or the episode / seq range of a terminal-level finding
 * @param dueAtMs     when the rule's deadline passed; detectedAtMs - dueAtMs is the detection lag
 */
public record Task(
    String id,
    String dedupeKey,
    FindingKind kind,
    Severity severity,
    TaskState state,
    String merchant,
    String terminal,
    String txn,
    String subject,
    long amount,
    String currency,
    String rrn,
    String pan,
    String relatedTxn,
    String detail,
    String action,
    long dueAtMs,
    long detectedAtMs,
    long updatedAtMs,
    Resolution resolution,
    String resolvedBy,
    String note) {

  public Task withState(TaskState newState, long atMs) {
    return new Task(id, dedupeKey, kind, severity, newState, merchant, terminal, txn, subject, amount, currency, rrn, pan,
        relatedTxn, detail, action, dueAtMs, detectedAtMs, atMs, resolution, resolvedBy, note);
  }

  public Task resolved(Resolution how, String by, String why, long atMs) {
    return new Task(id, dedupeKey, kind, severity, TaskState.RESOLVED, merchant, terminal, txn, subject, amount, currency,
        rrn, pan, relatedTxn, detail, action, dueAtMs, detectedAtMs, atMs, how, by, why);
  }

  public Task withSeverity(Severity newSeverity, long atMs) {
    return new Task(id, dedupeKey, kind, newSeverity, state, merchant, terminal, txn, subject, amount, currency, rrn, pan,
        relatedTxn, detail, action, dueAtMs, detectedAtMs, atMs, resolution, resolvedBy, note);
  }
}
