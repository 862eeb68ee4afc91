package io.tillwatch.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.FindingKind;
import io.tillwatch.telemetry.EventType;
import io.tillwatch.telemetry.Heartbeat;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SaleScriptsTest {
  private final Random rnd = new Random(1);
  private final SaleScripts.Pace pace = ms -> ms;
  private final TelemetryDecoder decoder = new TelemetryDecoder(16_384);

  @Test
  void faultScriptsHaveTheContractShapes() {
    Sale s = SaleFactory.next(rnd, "r-000001", Set.of());
    List<SaleStep> gap = SaleScripts.gap(s, rnd, pace);
    assertEquals(List.of(EventType.STARTED, EventType.AUTHORIZED, EventType.PRINTED, EventType.COMPLETED), gap.stream().map(SaleStep::event).toList());
    assertFalse(gap.get(3).send());
    assertEquals(FindingKind.TELEMETRY_GAP, gap.get(3).truth());

    List<SaleStep> rev = SaleScripts.reversal(s, rnd, pace);
    assertEquals(List.of(EventType.STARTED, EventType.REVERSAL_QUEUED), rev.stream().map(SaleStep::event).toList());

    Sale b = s.retriedAs("r-000002", "123456789012", "ABC123");
    List<SaleStep> dbl = SaleScripts.doubleCharge(s, b, 5_000, rnd, pace);
    assertEquals(FindingKind.UNCONFIRMED_SALE, dbl.get(0).truth());
    assertEquals(5_000, dbl.get(1).delayMs());
    assertEquals(FindingKind.DOUBLE_CHARGE_RISK, dbl.get(2).truth());
    assertEquals("r-000001", dbl.get(2).relatedTxn());
    assertEquals(s.amount(), dbl.get(2).sale().amount());

    for (int i = 0; i < 50; i++) {
      List<EventType> up = SaleScripts.unprinted(s, rnd, pace).stream().map(SaleStep::event).toList();
      assertFalse(up.contains(EventType.PRINTED) || up.contains(EventType.COMPLETED));
      List<SaleStep> normal = SaleScripts.normal(s, rnd, pace);
      assertTrue(normal.stream().allMatch(st -> st.truth() == null && st.send()));
      assertTrue(normal.stream().skip(1).allMatch(st -> st.delayMs() >= 100 && st.delayMs() <= 800));
    }
  }

  @Test
  void salesAvoidDoubtfulAmountsAndMaskCards() {
    for (int i = 0; i < 2_000; i++) {
      Sale s = SaleFactory.next(rnd, "x", Set.of(100L, 101L, 102L));
      assertTrue(s.amount() >= 103 && s.amount() <= 50_000, "amount " + s.amount());
      assertEquals(12, s.rrn().length());
      assertEquals(6, s.authCode().length());
      if (s.pan() != null) {
        assertTrue(s.pan().matches("\\d{6}\\*{6}\\d{4}"), s.pan());
      }
    }
  }

  @Test
  void payloadsDecode() throws Exception {
    Sale s = new Sale("r-000009", 12_850, "CNY", io.tillwatch.telemetry.PaymentMethod.CARD, "433412345678", "A1B2C3", "622848******1234");
    for (EventType t : EventType.values()) {
      String json = TelemetryJson.txnEvent(s, 42, t, 1_796_000_000_123L);
      TxnEvent e = (TxnEvent) decoder.decode("pos/v1/m001/t00001/txn", json.getBytes(StandardCharsets.UTF_8));
      assertEquals(42, e.seq());
      assertEquals(t, e.type());
      assertEquals(1_796_000_000_123L, e.atMs());
      assertEquals("622848******1234", e.pan());
    }
    Heartbeat h = (Heartbeat) decoder.decode("pos/v1/m001/t00001/heartbeat",
        TelemetryJson.heartbeat(1_796_000_000_000L, 30, 0, -71, 2, "S0001", "east").getBytes(StandardCharsets.UTF_8));
    assertEquals(Heartbeat.ABSENT, h.lastSeq());
    assertEquals(2, h.pendingUploads());
    assertEquals(30, h.intervalSec());
    assertNull(TelemetryJson.txnEvent(new Sale("q", 1, "CNY", io.tillwatch.telemetry.PaymentMethod.QR, "1", "1", null), 1,
        EventType.STARTED, 1_796_000_000_000L).contains("pan") ? "pan" : null);
  }
}
