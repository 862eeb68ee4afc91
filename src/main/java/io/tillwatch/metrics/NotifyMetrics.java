package io.tillwatch.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tillwatch.notify.DeliveryEvents;
import io.tillwatch.notify.Outcome;
import io.tillwatch.notify.TargetType;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The webhook notifications' meters (docs/metrics.md): deliveries by receiver type and final
 * outcome, retries, notifications dropped, and the dispatcher's depth. Every label value is
 * registered at 0 whether or not a notification file is configured, so rates and alerts see 0.
 */
public final class NotifyMetrics implements DeliveryEvents {
  private static final String P = TillWatchMetrics.PREFIX;
  private static final Outcome[] FINAL = {Outcome.DELIVERED, Outcome.REJECTED, Outcome.GAVE_UP};

  private final Map<String, Counter> deliveries = new HashMap<>();
  private final EnumMap<TargetType, Counter> retries = new EnumMap<>(TargetType.class);
  private final EnumMap<Dropped, Counter> dropped = new EnumMap<>(Dropped.class);

  public NotifyMetrics(MeterRegistry registry, IntSupplier depth) {
    for (TargetType t : TargetType.values()) {
      for (Outcome o : FINAL) {
        deliveries.put(t.name() + '|' + o.name(), Counter.builder(P + "notify.deliveries").tag("type", t.label())
            .tag("outcome", o.label())
            .description("Webhook notifications to one target that ended: delivered, rejected by the receiver, gave up "
                + "after notify maxAttempts").register(registry));
      }
      retries.put(t, Counter.builder(P + "notify.retries").tag("type", t.label())
          .description("Webhook attempts that failed and were tried again later").register(registry));
    }
    for (Dropped d : Dropped.values()) {
      dropped.put(d, Counter.builder(P + "notify.dropped").tag("reason", d.label())
          .description("Notifications not sent: the queue was full, or the merchant's rate limit held it back")
          .register(registry));
    }
    Gauge.builder(P + "notify.queue.depth", depth, IntSupplier::getAsInt)
        .description("Notifications held by the dispatcher: waiting, being sent or between retries")
        .strongReference(true).register(registry);
  }

  @Override
  public void finished(TargetType type, Outcome outcome) {
    Counter c = deliveries.get(type.name() + '|' + outcome.name());
    if (c != null) {
      c.increment();
    }
  }

  @Override
  public void retried(TargetType type) {
    retries.get(type).increment();
  }

  @Override
  public void dropped(Dropped reason) {
    dropped.get(reason).increment();
  }
}
