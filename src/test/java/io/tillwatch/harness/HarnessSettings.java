package io.tillwatch.harness;

import java.time.Duration;
import java.util.List;

/**
 * One harness run.
 *
 * @param seed             seeds the kill schedule and every terminal's choices; a run is replayable up to timing
 * @param kills            SIGKILLs in total (some during start-up, see {@code startupKillRate})
 * @param killMin          shortest time the daemon runs under load before a kill
 * @param killMax          longest such time
 * @param startupKillRate  share of restarts killed again at a random moment before they are ready (recovery itself is crashed)
 * @param fleet            the simulated load
 * @param deadline         outcome, print and reversal timeout the daemon runs with
 * @param daemonSettings   further daemon settings (e.g. broker mode), after the harness's own
 * @param drainTimeout     how long the terminals may take, after the last restart, to get every event acknowledged
 * @param settleTimeout    how long the task count may take to become stable after that
 */
record HarnessSettings(long seed, int kills, Duration killMin, Duration killMax, double startupKillRate, FleetSettings fleet,
    Duration deadline, List<String> daemonSettings, Duration drainTimeout, Duration settleTimeout) {

  /** The CI size: 20 kills, a few thousand events, about two minutes on two shared cores. */
  static HarnessSettings ci(long seed) {
    return new HarnessSettings(seed, 20, Duration.ofMillis(500), Duration.ofMillis(3000), 0.1, FleetSettings.defaults(),
        Duration.ofSeconds(3), List.of(), Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  /** The by-hand size: 200 kills. */
  static HarnessSettings large(long seed) {
    return new HarnessSettings(seed, 200, Duration.ofMillis(500), Duration.ofMillis(3000), 0.1,
        FleetSettings.defaults().withTerminals(50).withEventsPerSecond(4), Duration.ofSeconds(3), List.of(), Duration.ofSeconds(120),
        Duration.ofSeconds(120));
  }

  HarnessSettings withKills(int k) {
    return new HarnessSettings(seed, k, killMin, killMax, startupKillRate, fleet, deadline, daemonSettings, drainTimeout,
        settleTimeout);
  }

  HarnessSettings withFleet(FleetSettings f) {
    return new HarnessSettings(seed, kills, killMin, killMax, startupKillRate, f, deadline, daemonSettings, drainTimeout,
        settleTimeout);
  }

  /** The detection settings every run uses, so that the scripts' findings fall due within seconds. */
  List<String> detectionSettings() {
    String d = deadline.toMillis() + "ms";
    return List.of("--detect.outcome-timeout=" + d, "--detect.print-timeout=" + d, "--detect.reversal-timeout=" + d);
  }
}
