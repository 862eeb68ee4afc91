package io.tillwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tillwatch.notify.DeliveryEvents;
import io.tillwatch.notify.Outcome;
import io.tillwatch.notify.TargetType;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NotifyMetricsTest {
  @Test
  void everyLabelValueExistsAtZeroAndCountsWhatTheDispatcherSays() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger depth = new AtomicInteger(3);
    NotifyMetrics m = new NotifyMetrics(registry, depth::get);
    assertEquals(9, registry.find("tillwatch.notify.deliveries").counters().size(), "3 types x delivered, rejected, gave_up");
    assertEquals(3, registry.find("tillwatch.notify.retries").counters().size());
    assertEquals(2, registry.find("tillwatch.notify.dropped").counters().size());
    assertEquals(3.0, registry.get("tillwatch.notify.queue.depth").gauge().value());

    m.finished(TargetType.WECOM, Outcome.DELIVERED);
    m.finished(TargetType.GENERIC, Outcome.GAVE_UP);
    m.retried(TargetType.DINGTALK);
    m.dropped(DeliveryEvents.Dropped.RATE_LIMITED);
    assertEquals(1.0, registry.get("tillwatch.notify.deliveries").tag("type", "wecom").tag("outcome", "delivered").counter().count());
    assertEquals(1.0, registry.get("tillwatch.notify.deliveries").tag("type", "generic").tag("outcome", "gave_up").counter().count());
    assertEquals(1.0, registry.get("tillwatch.notify.retries").tag("type", "dingtalk").counter().count());
    assertEquals(1.0, registry.get("tillwatch.notify.dropped").tag("reason", "rate_limited").counter().count());
  }
}
