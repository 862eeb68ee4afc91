package io.tillwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.FollowUpEvents;
import io.tillwatch.engine.FindingKind;
import io.tillwatch.tasks.NextStep;
import io.tillwatch.tasks.Resolution;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskHistoryEntry;
import io.tillwatch.tasks.TaskListener;
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
    Counter.builder(P + "backoffice.lookups").description("Back-office look-ups by answer")
        .tag("back_office", backOffice).tag("verdict", lower(answer.verdict().name())).tag("problem", answer.problem().label())
        .register(registry).increment();
    if (nanos >= 0) {
      Timer.builder(P + "backoffice.lookup").description("Latency of back-office look-ups").tag("back_office", backOffice)
          .publishPercentileHistogram().register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void nextStep(FindingKind kind, NextStep step) {
    Counter.builder(P + "followup.steps").description("Next steps set by back-office answers")
        .tag("kind", kind.name()).tag("next_step", step.name()).register(registry).increment();
  }

  @Override
  public void gaveUp(FindingKind kind) {
    Counter.builder(P + "backoffice.checks.gave.up").description("Checks whose schedule ended without a final answer")
        .tag("kind", kind.name()).register(registry).increment();
  }

  @Override
  public void bind(IntSupplier pendingChecks, Map<String, IntSupplier> breakers) {
    Gauge.builder(P + "backoffice.checks.pending", pendingChecks, IntSupplier::getAsInt)
        .description("Sales waiting for their next back-office look-up").register(registry);
    breakers.forEach((name, state) -> Gauge.builder(P + "backoffice.breaker.state", state, IntSupplier::getAsInt)
        .description("Back-office circuit breaker: 0 closed, 1 half-open, 2 open").tag("back_office", name)
        .register(registry));
  }

  /** Tasks TillWatch closed itself on evidence or after its reprint; a bare AUTO_RESOLVED is the engine's own. */
  @Override
  public void changed(TaskChange change) {
    if (change.kind() != TaskChange.Kind.AUTO_RESOLVED) {
      return;
    }
    Resolution how = change.task().resolution().how();
    if (how != Resolution.AUTO_RESOLVED && TaskHistoryEntry.SYSTEM.equals(change.task().resolution().by())) {
      Counter.builder(P + "followup.auto.resolved").description("Tasks TillWatch closed by itself after a back-office answer")
          .tag("kind", change.task().kind().name()).tag("resolution", lower(how.name())).register(registry).increment();
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
