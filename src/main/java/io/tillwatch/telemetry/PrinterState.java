package io.tillwatch.telemetry;

/** Receipt printer state reported in heartbeats. */
public enum PrinterState {
  OK,
  PAPER_OUT,
  ERROR
}
