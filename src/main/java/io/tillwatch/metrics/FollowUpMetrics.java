package io.tillwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.FollowUpEvents;
import io.tillwatch.backoffice.FollowUpRules;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.Verdict;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskListener;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The back-office follow-up's meters (docs/metrics.md, "Back-office follow-up"): look-ups by back
 * office, verdict and problem, their latency, breakers, pending checks, the next steps answers set,
 * give-ups, and the tasks TillWatch closed itself. Labels are closed sets: back-office names come
 * from the configuration, the rest are enums.
 */
public final class FollowUpMetrics implements FollowUpEvents, TaskListener {
  private static final String P = TillWatchMetrics.PREFIX;

  private final MeterRegistry registry;

  public FollowUpMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void lookedUp(String backOffice, BackOfficeAnswer answer, long nanos) {
    lookups(backOffice, answer.verdict(), answer.problem()).increment();
    if (nanos >= 0) {
      latency(backOffice).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private Counter lookups(String backOffice, Verdict verdict, LookupProblem problem) {
    return Counter.builder(P + "backoffice.lookups").description("Back-office look-ups by answer")
        .tag("back_office", backOffice).tag("verdict", lower(verdict.name())).tag("problem", problem.label())
        .register(registry);
  }

  private Timer latency(String backOffice) {
    return Timer.builder(P + "backoffice.lookup").description("Latency of back-office look-ups").tag("back_office", backOffice)
        .publishPercentileHistogram().register(registry);
  }

  private Counter steps(FindingKind kind, NextStep step) {
    return Counter.builder(P + "followup.steps").description("Next steps set by back-office answers")
        .tag("kind", kind.name()).tag("next_step", step.name()).register(registry);
  }

  private Counter gaveUpCounter(FindingKind kind) {
    return Counter.builder(P + "backoffice.checks.gave.up").description("Checks whose schedule ended without a final answer")
        .tag("kind", kind.name()).register(registry);
  }

  private Counter autoResolved(FindingKind kind, Resolution how) {
    return Counter.builder(P + "followup.auto.resolved").description("Tasks TillWatch closed by itself after a back-office answer")
        .tag("kind", kind.name()).tag("resolution", lower(how.name())).register(registry);
  }

  @Override
  public void nextStep(FindingKind kind, NextStep step) {
    steps(kind, step).increment();
  }

  @Override
  public void gaveUp(FindingKind kind) {
    gaveUpCounter(kind).increment();
  }

  /**
   * Every series the alert rules read exists from the start, at 0: an {@code increase()} over a
   * series that appears with its first event would miss that event.
   */
  @Override
  public void bind(IntSupplier pendingChecks, Map<String, IntSupplier> breakers) {
    for (String office : breakers.keySet()) {
      for (Verdict v : Verdict.values()) {
        for (LookupProblem p : LookupProblem.values()) {
          if ((v == Verdict.UNREACHABLE) != (p == LookupProblem.NONE)) {
            lookups(office, v, p);
          }
        }
      }
      latency(office);
    }
    for (FindingKind kind : FindingKind.values()) {
      if (FollowUpRules.followedUp(kind)) {
        gaveUpCounter(kind);
        for (NextStep step : NextStep.values()) {
          if (step != NextStep.NONE) {
            steps(kind, step);
          }
        }
        for (Resolution how : List.of(Resolution.REPRINTED, Resolution.FALSE_ALARM, Resolution.NO_CHARGE,
            Resolution.FOUND_IN_BACKOFFICE)) {
          autoResolved(kind, how);
        }
      }
    }
    // Strong references: Micrometer holds a gauge's object weakly, and these suppliers are lambdas
    // nobody else keeps, so they would be collected and the gauges read NaN.
    Gauge.builder(P + "backoffice.checks.pending", pendingChecks, IntSupplier::getAsInt).strongReference(true)
        .description("Sales waiting for their next back-office look-up").register(registry);
    breakers.forEach((name, state) -> Gauge.builder(P + "backoffice.breaker.state", state, IntSupplier::getAsInt)
        .strongReference(true).description("Back-office circuit breaker: 0 closed, 1 half-open, 2 open")
        .tag("back_office", name).register(registry));
  }

  /** Tasks TillWatch closed itself on evidence or after its reprint; a bare AUTO_RESOLVED is the engine's own. */
  @Override
  public void changed(TaskChange change) {
    if (change.kind() != TaskChange.Kind.AUTO_RESOLVED) {
      return;
    }
    Resolution how = change.task().resolution().how();
    if (how != Resolution.AUTO_RESOLVED && TaskHistoryEntry.SYSTEM.equals(change.task().resolution().by())) {
      autoResolved(change.task().kind(), how).increment();
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
