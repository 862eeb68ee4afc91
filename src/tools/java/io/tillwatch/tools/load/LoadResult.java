package io.tillwatch.tools.load;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.tools.score.KindScore;
import io.tillwatch.tools.score.ScoreReport;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one load run over its measured window, as a human summary and one JSON line.
 *
 * @param ackedPerSec     publishes acknowledged in the window, per second
 * @param committedPerSec TillWatch's own count of journaled txn events in the window, per second;
 *                        negative when the target is not TillWatch
 * @param latencyMicros   publish (intended send time) to PUBACK, acknowledged in the window
 * @param scores          detection against ground truth; null when not scored
 * @param recheck         the same, scored again after the load's {@code recheckAfter} because the first
 *                        scoring missed something; null when there was no second look
 */
record LoadResult(
    LoadOptions opts,
    int connected,
    long windowStartMs,
    long windowEndMs,
    double offeredPerSec,
    double ackedPerSec,
    double committedPerSec,
    Histogram latencyMicros,
    double avgPayloadBytes,
    long lostInFlight,
    long disconnects,
    long connectFailures,
    long late,
    long shed,
    Map<FindingKind, KindScore> scores,
    Map<FindingKind, KindScore> recheck) {

  String summary() {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "load %s against %s:%d, %d/%d connections, window %d, faults %s%n", opts.mode(),
        opts.fleet().host(), opts.fleet().port(), connected, opts.fleet().terminals(), opts.window(), opts.fleet().faults()));
    b.append(String.format(Locale.ROOT, "  measured %.1f s after %.1f s warm-up; payload %.0f bytes on average%n",
        (windowEndMs - windowStartMs) / 1000.0, opts.warmup().toMillis() / 1000.0, avgPayloadBytes));
    if (!opts.closedLoop()) {
      b.append(String.format(Locale.ROOT, "  offered      %,12.0f events/s%n", offeredPerSec));
    }
    b.append(String.format(Locale.ROOT, "  acknowledged %,12.0f events/s%n", ackedPerSec));
    if (committedPerSec >= 0) {
      b.append(String.format(Locale.ROOT, "  committed    %,12.0f events/s (TillWatch's journal, from /metrics)%n", committedPerSec));
    }
    b.append(String.format(Locale.ROOT, "  publish->PUBACK ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f (%d samples)%n",
        ms(50), ms(90), ms(99), ms(99.9), latencyMicros.getMaxValue() / 1000.0, latencyMicros.getTotalCount()));
    b.append(String.format(Locale.ROOT, "  lost in flight %d, disconnects %d, connect failures %d, late at end %d, shed %d%n",
        lostInFlight, disconnects, connectFailures, late, shed));
    if (scores != null) {
      b.append(ScoreReport.summary(scores));
    }
    return b.toString();
  }

  /** One line: {@code {"mode":...,"ackedPerSec":...,"p50Ms":...,...}}. */
  String json() {
    JsonObject j = new JsonObject()
        .put("mode", opts.mode())
        .put("target", opts.fleet().host() + ":" + opts.fleet().port())
        .put("connections", opts.fleet().terminals())
        .put("connected", connected)
        .put("window", opts.window())
        .put("faults", opts.fleet().faults().toString())
        .put("windowStartMs", windowStartMs)
        .put("windowEndMs", windowEndMs)
        .put("offeredPerSec", round(offeredPerSec))
        .put("ackedPerSec", round(ackedPerSec))
        .put("committedPerSec", committedPerSec < 0 ? null : round(committedPerSec))
        .put("p50Ms", ms(50))
        .put("p90Ms", ms(90))
        .put("p99Ms", ms(99))
        .put("p999Ms", ms(99.9))
        .put("maxMs", latencyMicros.getMaxValue() / 1000.0)
        .put("samples", latencyMicros.getTotalCount())
        .put("avgPayloadBytes", round(avgPayloadBytes))
        .put("lostInFlight", lostInFlight)
        .put("disconnects", disconnects)
        .put("connectFailures", connectFailures)
        .put("late", late)
        .put("shed", shed);
    if (scores != null) {
      j.put("detection", ScoreReport.json(scores));
    }
    if (recheck != null) {
      j.put("detectionRecheck", ScoreReport.json(recheck).put("afterSec", opts.recheckAfter().toSeconds()));
    }
    return j.encode();
  }

  private double ms(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
