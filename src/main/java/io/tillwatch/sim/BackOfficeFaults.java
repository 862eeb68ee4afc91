package io.tillwatch.sim;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * How badly the simulated back office behaves, as real ones do on a bad day.
 *
 * <p>Spec strings (CLI): {@code slow=0.05,slow-delay=2s,errors=0.02,pending=20s,outage-at=5m,outage-for=10m,outage=503|silent};
 * names left out keep their default (all off but a 5 s pending spell).
 *
 * @param slowRate    fraction of answers held back by {@code slowDelay}
 * @param slowDelay   how long a slow answer takes
 * @param errorRate   fraction of requests answered with a server error (WeChat Pay 500 SYSTEM_ERROR, Alipay 20000
 *                    isp.unknow-error or a bare 502, generic 503)
 * @param pendingFor  how long after a sale the back office still calls it in progress (USERPAYING, WAIT_BUYER_PAY,
 *                    PROCESSING)
 * @param outageAt    when the outage starts, from the server's start; null = no outage
 * @param outageFor   how long it lasts
 * @param outageSilent true: during the outage requests are never answered (clients time out); false: 503
 */
public record BackOfficeFaults(double slowRate, Duration slowDelay, double errorRate, Duration pendingFor, Duration outageAt,
    Duration outageFor, boolean outageSilent) {

  public static final BackOfficeFaults NONE = new BackOfficeFaults(0, Duration.ofSeconds(2), 0, Duration.ZERO, null, Duration.ZERO, false);
  public static final BackOfficeFaults DEFAULTS = new BackOfficeFaults(0, Duration.ofSeconds(2), 0, Duration.ofSeconds(5), null,
      Duration.ZERO, false);

  public BackOfficeFaults {
    require(slowRate >= 0 && slowRate <= 1, "slow must be a fraction between 0 and 1, got " + slowRate);
    require(errorRate >= 0 && errorRate <= 1, "errors must be a fraction between 0 and 1, got " + errorRate);
    require(slowDelay != null && !slowDelay.isNegative(), "slow-delay must be >= 0");
    require(pendingFor != null && !pendingFor.isNegative(), "pending must be >= 0");
    require(outageFor != null && !outageFor.isNegative(), "outage-for must be >= 0");
    require(outageAt == null || !outageAt.isNegative(), "outage-at must be >= 0");
  }

  /** True while the outage window is open, {@code sinceStartMs} after the server started. */
  public boolean inOutage(long sinceStartMs) {
    return outageAt != null && sinceStartMs >= outageAt.toMillis() && sinceStartMs < outageAt.toMillis() + outageFor.toMillis();
  }

  /** Parses a spec; {@code durations} parses {@code 2s}, {@code 5m} and so on (the CLI's duration syntax). */
  public static BackOfficeFaults parse(String spec, Function<String, Duration> durations) {
    double slow = DEFAULTS.slowRate;
    Duration slowDelay = DEFAULTS.slowDelay;
    double errors = DEFAULTS.errorRate;
    Duration pending = DEFAULTS.pendingFor;
    Duration outageAt = DEFAULTS.outageAt;
    Duration outageFor = Duration.ofMinutes(10);
    boolean silent = false;
    for (Map.Entry<String, String> item : SpecItems.parse(spec, "back-office fault item").entrySet()) {
      String name = item.getKey();
      String v = item.getValue();
      switch (name) {
        case "slow" -> slow = SpecItems.number(name, v);
        case "slow-delay" -> slowDelay = durations.apply(v);
        case "errors" -> errors = SpecItems.number(name, v);
        case "pending" -> pending = durations.apply(v);
        case "outage-at" -> outageAt = durations.apply(v);
        case "outage-for" -> outageFor = durations.apply(v);
        case "outage" -> {
          if (!v.equals("503") && !v.equals("silent")) {
            throw new IllegalArgumentException("outage must be 503 or silent, got '" + v + "'");
          }
          silent = v.equals("silent");
        }
        default -> throw new IllegalArgumentException("unknown back-office fault '" + name
            + "'; known: slow, slow-delay, errors, pending, outage-at, outage-for, outage");
      }
    }
    return new BackOfficeFaults(slow, slowDelay, errors, pending, outageAt, outageAt == null ? Duration.ZERO : outageFor, silent);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
