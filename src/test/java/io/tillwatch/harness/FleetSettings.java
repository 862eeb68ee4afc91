package io.tillwatch.harness;

import java.time.Duration;

/**
 * Shape of the simulated load.
 *
 * @param terminals            simulated terminals (one Paho client each)
 * @param eventsPerSecond      new events per terminal per second (resends and duplicates come on top)
 * @param window               most publishes a terminal has waiting for a PUBACK
 * @param salesPerBlock        sales generated together; a shuffled block is the bound of reordering
 * @param reorderRate          share of blocks published in shuffled order
 * @param duplicateRate        share of acknowledged events deliberately published again
 * @param persistentEvery      every n-th terminal uses a persistent session (Paho resends in-flight publishes with DUP); 0: none
 * @param scriptWeights        weights of {@link Ledger.Script} CLEAN, UNCONFIRMED, UNPRINTED, STUCK_REVERSAL
 * @param heartbeatEvery       QoS 0 heartbeat period of each terminal; null: none
 * @param heartbeatIntervalSec the {@code intervalSec} the heartbeats promise
 */
record FleetSettings(int terminals, double eventsPerSecond, int window, int salesPerBlock, double reorderRate,
    double duplicateRate, int persistentEvery, double[] scriptWeights, Duration heartbeatEvery, int heartbeatIntervalSec) {

  static FleetSettings defaults() {
    return new FleetSettings(20, 7, 100, 3, 0.3, 0.05, 4, new double[] {0.7, 0.1, 0.1, 0.1}, Duration.ofSeconds(5), 30);
  }

  FleetSettings withTerminals(int n) {
    return new FleetSettings(n, eventsPerSecond, window, salesPerBlock, reorderRate, duplicateRate, persistentEvery,
        scriptWeights, heartbeatEvery, heartbeatIntervalSec);
  }

  FleetSettings withEventsPerSecond(double r) {
    return new FleetSettings(terminals, r, window, salesPerBlock, reorderRate, duplicateRate, persistentEvery,
        scriptWeights, heartbeatEvery, heartbeatIntervalSec);
  }
}
