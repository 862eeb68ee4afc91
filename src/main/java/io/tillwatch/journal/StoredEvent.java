package io.tillwatch.journal;

import io.tillwatch.telemetry.TxnEvent;

/** A journaled transaction event with the TillWatch-clock time it was received. */
public record StoredEvent(long receivedAtMs, TxnEvent event) {}
