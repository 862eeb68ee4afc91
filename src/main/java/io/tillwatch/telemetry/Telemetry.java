package io.tillwatch.telemetry;

/** One decoded, validated message from a terminal. */
public sealed interface Telemetry permits TxnEvent, Heartbeat, StatusChange {
  String merchant();

  String terminal();
}
