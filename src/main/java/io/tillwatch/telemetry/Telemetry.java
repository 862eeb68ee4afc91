package io.tillwatch.telemetry;

/** One decoded, validated message from a terminal. */
public sealed interface Telemetry permits TxnEvent, Heartbeat, StatusChange, CommandResult {
  String merchant();

  String terminal();
}
