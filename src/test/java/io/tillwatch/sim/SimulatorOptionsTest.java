package io.tillwatch.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SimulatorOptionsTest {

  @Test
  void idsAndMerchantSpread() {
    SimulatorOptions o = SimulatorOptions.builder("localhost", 1883).terminals(10).merchants(3).build();
    assertEquals("t00001", o.terminalId(0));
    assertEquals("t00010", o.terminalId(9));
    assertEquals("m001", o.merchantId(0));
    assertEquals(0, o.merchantIndexOf(0));
    assertEquals(0, o.merchantIndexOf(3));
    assertEquals(1, o.merchantIndexOf(4));
    assertEquals(2, o.merchantIndexOf(9));
    SimulatorOptions big = SimulatorOptions.builder("h", 1).terminals(250_000).merchants(2).clientIdPrefix("lt").build();
    assertEquals("lt000001", big.terminalId(0));
  }

  @Test
  void outcomesAndPaperOutAreChecked() {
    SimulatorOptions o = SimulatorOptions.builder("h", 1).outcomes("paper-out=0.5").paperOutPeriod(Duration.ofSeconds(90)).build();
    assertEquals(0.5, o.outcomes().paperOut());
    assertEquals(Duration.ofSeconds(90), o.effectivePaperOutPeriod());
    assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.builder("h", 1).paperOutPeriod(Duration.ZERO).build());
    assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.builder("h", 1).outcomes((OutcomeDraws) null).build());
  }

  @Test
  void derivedDefaultsFollowIntervalAndTimeScale() {
    SimulatorOptions o = SimulatorOptions.builder("h", 1).heartbeatIntervalSec(30).timeScale(10).build();
    assertEquals(Duration.ofSeconds(150), o.effectiveSilencePeriod());
    assertEquals(Duration.ofMillis(210_000), o.effectiveBacklogPeriod());
    assertEquals(Duration.ofSeconds(13), o.effectiveDoubleChargeDelay());
    assertEquals(Duration.ofMinutes(1), o.effectivePaperOutPeriod());
    assertEquals(OutcomeDraws.DEFAULTS, o.outcomes());
    assertEquals(10, o.scaledMillis(100));
    assertEquals(1, o.scaledMillis(0));
  }

  @Test
  void demoPresetIsValidAndTunedForCompressedDeadlines() {
    SimulatorOptions d = SimulatorOptions.demo("localhost", 1883);
    assertEquals(20, d.terminals());
    assertEquals(2, d.merchants());
    assertEquals(2, d.heartbeatIntervalSec());
    assertEquals(5.0, d.salesPerSecond());
    assertTrue(d.primeFaults());
    for (FaultKind k : FaultKind.values()) {
      assertTrue(d.faults().rate(k) > 0, k.name());
    }
    assertTrue(d.effectiveSilencePeriod().toSeconds() > 3 * d.heartbeatIntervalSec());
    assertTrue(d.effectiveBacklogPeriod().toSeconds() > 20 + d.heartbeatIntervalSec());
    // The retry comes before the 10 s outcome deadline, so the follow-up cannot reprint the first
    // sale (and close its doubt) before the double charge is there to be seen.
    assertTrue(d.effectiveDoubleChargeDelay().toSeconds() < 10);
  }

  @Test
  void validationMessages() {
    assertMessage(b -> b.terminals(0), "terminals must be 1..1000000");
    assertMessage(b -> b.terminals(3).merchants(4), "merchants must be 1..terminals (3)");
    assertMessage(b -> b.salesPerSecond(-1), "sales rate must be");
    assertMessage(b -> b.salesPerSecond(Double.NaN), "sales rate must be");
    assertMessage(b -> b.heartbeatIntervalSec(0), "heartbeat interval must be 1..86400");
    assertMessage(b -> b.duration(Duration.ZERO), "duration must be positive");
    assertMessage(b -> b.connectsPerSecond(0), "connect rate must be > 0");
    assertMessage(b -> b.clientIdPrefix("t/"), "client id prefix must be");
    assertMessage(b -> b.clientIdPrefix("averyveryverylongprefix"), "MQTT 3.1.1 servers need only accept 23");
    assertMessage(b -> b.timeScale(0), "time scale must be > 0");
    assertMessage(b -> b.silencePeriod(Duration.ofSeconds(-1)), "silence period must be positive");
    assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.builder(" ", 1883).build());
    assertThrows(IllegalArgumentException.class, () -> SimulatorOptions.builder("h", 70_000).build());
  }

  private static void assertMessage(UnaryOperator<SimulatorOptions.Builder> change, String part) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> change.apply(SimulatorOptions.builder("localhost", 1883)).build());
    assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
  }
}
