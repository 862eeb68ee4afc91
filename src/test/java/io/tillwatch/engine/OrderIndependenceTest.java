package io.tillwatch.engine;

import static io.tillwatch.engine.Fixture.MIN;
import static io.tillwatch.engine.Fixture.SEC;
import static io.tillwatch.engine.Fixture.T0;
import static io.tillwatch.engine.Fixture.ev;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.TxnEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever order a scenario's events arrive in (and however often), once every deadline
 * has passed the set of open findings is the same, and is the expected one.
 */
class OrderIndependenceTest {

  /** Events in publication order (seq 1..n); delivered {@code spacingMs} apart. */
  record Scenario(String name, long spacingMs, List<TxnEvent> events, Set<String> expectedOpen) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> scenarios() {
    return Stream.of(
        s("happy path", SEC, Set.of(), "a STARTED", "a AUTHORIZED", "a PRINTED", "a COMPLETED"),
        s("unprinted", SEC, Set.of("UNPRINTED_RECEIPT:a"), "a STARTED", "a AUTHORIZED", "a COMPLETED"),
        s("print failed then printed", SEC, Set.of(),
            "a STARTED", "a AUTHORIZED", "a PRINT_FAILED", "a PRINTED", "a COMPLETED"),
        s("unconfirmed", SEC, Set.of("UNCONFIRMED_SALE:a"), "a STARTED", "b STARTED:2000", "b CANCELLED"),
        // spaced 70 s: some orders raise UNCONFIRMED/UNPRINTED (and gaps) midway, the late events clear them
        s("late outcome", 70 * SEC, Set.of(), "a STARTED", "a AUTHORIZED", "a PRINTED", "a COMPLETED"),
        s("declined", SEC, Set.of(),
            "a STARTED", "a DECLINED", "b STARTED", "b AUTHORIZED", "b PRINTED", "b COMPLETED"),
        s("stuck reversal", SEC, Set.of("STUCK_REVERSAL:a"),
            "a STARTED", "a REVERSAL_QUEUED", "b STARTED:2000", "b CANCELLED"),
        s("reversed", SEC, Set.of(), "a STARTED", "a REVERSAL_QUEUED", "a REVERSED"),
        s("double charge", SEC, Set.of("UNCONFIRMED_SALE:a", "DOUBLE_CHARGE_RISK:b"),
            "a STARTED", "b STARTED", "b AUTHORIZED", "b PRINTED", "b COMPLETED"),
        s("voided", SEC, Set.of(), "a STARTED", "a AUTHORIZED", "a VOIDED", "a COMPLETED"))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void everyPermutationEndsWithTheSameOpenFindings(Scenario sc) {
    List<List<TxnEvent>> perms = new ArrayList<>();
    permute(new ArrayList<>(sc.events()), 0, perms);
    for (List<TxnEvent> order : perms) {
      assertEquals(sc.expectedOpen(), run(sc, order), () -> sc.name() + " in order " + describe(order));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void randomOrdersWithRedeliveryEndTheSame(Scenario sc) {
    Random rnd = new Random(20261130L + sc.name().hashCode());
    for (int i = 0; i < 200; i++) {
      List<TxnEvent> order = new ArrayList<>(sc.events());
      for (TxnEvent e : sc.events()) {
        if (rnd.nextBoolean()) {
          order.add(e); // QoS 1 redelivery: same seq again
        }
      }
      Collections.shuffle(order, rnd);
      assertEquals(sc.expectedOpen(), run(sc, order), () -> sc.name() + " in order " + describe(order));
    }
  }

  private static Set<String> run(Scenario sc, List<TxnEvent> order) {
    RecordingSink sink = new RecordingSink();
    DetectionEngine engine = new DetectionEngine(DetectionSettings.defaults(), sink, T0);
    long t = T0;
    for (TxnEvent e : order) {
      engine.onTxnEvent(e, t);
      t += sc.spacingMs();
    }
    engine.advanceTo(t + 60 * MIN);
    assertTrue(sink.count(FindingKind.DOUBLE_CHARGE_RISK) <= 1);
    if (sc.expectedOpen().contains("DOUBLE_CHARGE_RISK:b")) {
      assertEquals("a", sink.last(FindingKind.DOUBLE_CHARGE_RISK).relatedTxn());
    }
    return sink.openSet();
  }

  /** "txn TYPE[:amount]" in publication order; every event carries amount 1000 CNY unless said. */
  private static Scenario s(String name, long spacing, Set<String> expected, String... specs) {
    List<TxnEvent> events = new ArrayList<>();
    long seq = 1;
    for (String spec : specs) {
      String[] parts = spec.split("[ :]");
      long amount = parts.length > 2 ? Long.parseLong(parts[2]) : 1_000;
      events.add(ev(parts[0], seq++, EventType.valueOf(parts[1]), amount));
    }
    return new Scenario(name, spacing, events, expected);
  }

  private static void permute(List<TxnEvent> xs, int k, List<List<TxnEvent>> out) {
    if (k == xs.size()) {
      out.add(new ArrayList<>(xs));
      return;
    }
    for (int i = k; i < xs.size(); i++) {
      Collections.swap(xs, k, i);
      permute(xs, k + 1, out);
      Collections.swap(xs, k, i);
    }
  }

  private static String describe(List<TxnEvent> order) {
    StringBuilder sb = new StringBuilder();
    for (TxnEvent e : order) {
      sb.append(e.txn()).append(':').append(e.type()).append(' ');
    }
    return sb.toString();
  }

}
