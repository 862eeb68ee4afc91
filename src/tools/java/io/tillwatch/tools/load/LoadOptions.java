package io.tillwatch.tools.load;

import io.tillwatch.sim.SimulatorOptions;
import java.net.URI;
import java.time.Duration;

/**
 * What one load run does.
 *
 * @param fleet      target host and port, connections (terminals), merchants, fault mix, seed, id prefix
 *                   and connect rate, named as the simulator names them
 * @param rate       events/s offered open loop; {@link #MAX} for closed loop at max rate; 0 keeps the
 *                   connections idle (keep-alive only)
 * @param window     most unacknowledged publishes per connection
 * @param payloadBytes txn payloads are padded to about this size (0: the contract's bare ~140 bytes)
 * @param user       MQTT user name: "none" (anonymous), "terminal" (the terminal id) or a fixed name
 * @param password   MQTT password, "{terminal}" replaced by the terminal id; null for none
 * @param tillwatch  base URL of the target TillWatch's HTTP API (committed rate from /metrics,
 *                   findings from /api/v1/tasks); null when the target is not TillWatch
 * @param scoreAfter how long to wait after the load before fetching findings (longer than the
 *                   daemon's detection deadlines); null to skip scoring
 * @param recheckAfter when the scoring missed something, how much longer to wait before looking
 *                   again, to tell a late finding from a lost one; null for no second look
 */
public record LoadOptions(
    SimulatorOptions fleet,
    double rate,
    Duration warmup,
    Duration duration,
    int window,
    int payloadBytes,
    String user,
    String password,
    URI tillwatch,
    Duration scoreAfter,
    Duration recheckAfter) {

  public static final double MAX = -1;
  /** Total in flight the default window aims at: under TillWatch's journal queue (65536), whose overflow closes connections. */
  static final int DEFAULT_TOTAL_INFLIGHT = 20_000;
  static final int DEFAULT_MAX_WINDOW = 32;

  public LoadOptions {
    if (!(rate == MAX || rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be >= 0 events/s, or max");
    }
    if (warmup.isNegative() || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive and warmup not negative");
    }
    if (payloadBytes < 0 || payloadBytes > 16_384) {
      throw new IllegalArgumentException("payload size must be 0..16384 bytes, got " + payloadBytes);
    }
    if (window < 1 || window > 65_535) {
      throw new IllegalArgumentException("window must be 1..65535, got " + window);
    }
  }

  /** A window that keeps connections x window near {@value #DEFAULT_TOTAL_INFLIGHT}, between 1 and {@value #DEFAULT_MAX_WINDOW}. */
  public static int defaultWindow(int connections) {
    return Math.max(1, Math.min(DEFAULT_MAX_WINDOW, DEFAULT_TOTAL_INFLIGHT / connections));
  }

  public boolean closedLoop() {
    return rate == MAX;
  }

  public boolean idle() {
    return rate == 0;
  }

  String mode() {
    return closedLoop() ? "closed-loop" : idle() ? "idle" : "open-loop";
  }
}
