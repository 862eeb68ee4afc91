package io.tillwatch.tasks;

import io.tillwatch.telemetry.TxnEvent;

/** An event of a task's sale as the journal holds it, with the TillWatch-clock time it was received. */
public record TimelineEvent(long receivedAtMs, TxnEvent event) {}
