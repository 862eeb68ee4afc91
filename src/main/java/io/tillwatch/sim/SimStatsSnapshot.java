package io.tillwatch.sim;

import java.util.Map;

/**
 * A point-in-time copy of the simulator's counters.
 *
 * @param connectedTerminals terminals with a live MQTT connection now
 * @param connects           successful CONNECTs, reconnects included
 * @param connectFailures    failed connection attempts (each retried with capped backoff)
 * @param connectionLosses   connections that dropped without the simulator asking
 * @param salesSkipped       sales due by the open-loop rate that found no idle terminal
 * @param txnPublished       transaction events handed to MQTT (QoS 1), redeliveries included
 * @param txnAcked           PUBACKs received for them
 * @param txnLost            events deliberately not sent (gap faults); their seq was consumed
 * @param txnRedelivered     events sent again after a reconnect because their PUBACK never came
 * @param commandsReceived   command messages received (redeliveries included)
 * @param reprintsDone       reprint commands obeyed: receipt printed, PRINTED published
 * @param commandsRefused    commands answered FAILED or REJECTED (first answers only)
 * @param faults             injected faults by kind
 * @param ackP50Ms           publish-to-PUBACK latency percentiles over a uniform sample, milliseconds
 */
public record SimStatsSnapshot(
    long uptimeMs,
    int connectedTerminals,
    long connects,
    long connectFailures,
    long connectionLosses,
    long salesStarted,
    long salesSkipped,
    long txnPublished,
    long txnAcked,
    long txnLost,
    long txnRedelivered,
    long heartbeats,
    long statusPublished,
    long commandsReceived,
    long reprintsDone,
    long commandsRefused,
    Map<FaultKind, Long> faults,
    double ackP50Ms,
    double ackP90Ms,
    double ackP99Ms,
    double ackP999Ms,
    double ackMaxMs) {

  /** One line for logs and the CLI. */
  public String summary() {
    return String.format(java.util.Locale.ROOT,
        "up %ds, connected %d (connects %d, failures %d, losses %d), sales %d (skipped %d), txn published %d acked %d lost %d "
            + "redelivered %d, heartbeats %d, commands %d (reprinted %d, refused %d), ack ms p50 %.1f p90 %.1f p99 %.1f max %.1f, faults %s",
        uptimeMs / 1000, connectedTerminals, connects, connectFailures, connectionLosses, salesStarted, salesSkipped,
        txnPublished, txnAcked, txnLost, txnRedelivered, heartbeats, commandsReceived, reprintsDone, commandsRefused, ackP50Ms, ackP90Ms, ackP99Ms,
        ackMaxMs, faults);
  }
}
