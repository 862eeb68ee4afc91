package io.tillwatch.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.Verdict;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The follow-up's meters: every series the rules read exists at 0, answers count under their labels, gauges read live. */
class FollowUpMetricsTest {

  @Test
  void seriesExistFromTheStartAndGaugesSurviveACollection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    FollowUpMetrics m = new FollowUpMetrics(registry);
    AtomicInteger pending = new AtomicInteger(3);
    m.bind(pending::get, Map.of("wechat-main", () -> 2));
    assertEquals(0.0, registry.get("tillwatch.backoffice.lookups").tags("back_office", "wechat-main", "verdict", "unreachable",
        "problem", "bad_signature").counter().count());

    m.lookedUp("wechat-main", BackOfficeAnswer.of(Verdict.CHARGED, "4200", "SUCCESS", -1, 1, null), 5_000_000);
    m.lookedUp("wechat-main", BackOfficeAnswer.unreachable(LookupProblem.NOT_ASKED, null, 1, null), -1);
    assertEquals(1.0, registry.get("tillwatch.backoffice.lookups").tags("verdict", "charged", "problem", "none").counter().count());
    assertEquals(1.0, registry.get("tillwatch.backoffice.lookups").tags("verdict", "unreachable", "problem", "not_asked")
        .counter().count());
    assertEquals(1, registry.get("tillwatch.backoffice.lookup").timer().count(), "a look-up not sent is not timed");

    // The gauges' suppliers are lambdas only the registry holds: they must still read after a collection.
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    pending.set(7);
    assertEquals(7.0, registry.get("tillwatch.backoffice.checks.pending").gauge().value());
    assertEquals(2.0, registry.get("tillwatch.backoffice.breaker.state").tag("back_office", "wechat-main").gauge().value());
  }
}
