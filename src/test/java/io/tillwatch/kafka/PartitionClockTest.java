package io.tillwatch.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The partition's clock from its ticks: detectors pace it, a live gateway's watermark holds it, a
 * gateway that stopped ticking is waited for only until its watermark is stale, one that said
 * farewell not at all.
 */
class PartitionClockTest {
  private static final long STALE = 34_000;
  private static final long T0 = 1_764_583_080_000L;

  @Test
  void detectorTicksAloneMoveTheClockToTheNewestOfThem() {
    PartitionClock c = new PartitionClock(STALE, 0);
    assertTrue(c.onTick("d1", false, T0));
    assertTrue(c.onTick("d2", false, T0 + 1_000));
    assertFalse(c.onTick("d1", false, T0 + 500), "a detector behind another does not pull the clock back");
    assertEquals(T0 + 1_000, c.clockMs());
  }

  @Test
  void aGatewayWatermarkHoldsTheClockWhileDetectorsGoOn() {
    PartitionClock c = new PartitionClock(STALE, 0);
    c.onTick("g1", true, T0);
    c.onTick("d1", false, T0);
    assertEquals(T0, c.clockMs());
    // A message of g1 received at T0 + 1 s is stuck in a leader election: g1's ticks say T0 + 1 s - 1 ms.
    for (long s = 1; s <= 20; s++) {
      c.onTick("d1", false, T0 + s * 1_000);
      c.onTick("g1", true, T0 + 999);
    }
    assertEquals(T0 + 999, c.clockMs(), "20 s of detector ticks do not pass the gateway's pending message");
    c.onTick("g1", true, T0 + 20_000); // the message landed, and with it every one after
    assertEquals(T0 + 20_000, c.clockMs());
  }

  @Test
  void theLowestLiveWatermarkCountsAndTheNewestDetectorTickCapsIt() {
    PartitionClock c = new PartitionClock(STALE, 0);
    c.onTick("g1", true, T0);
    c.onTick("g2", true, T0);
    c.onTick("d1", false, T0 + 10_000);
    assertEquals(T0, c.clockMs());
    c.onTick("g1", true, T0 + 5_000);
    assertEquals(T0, c.clockMs(), "g2 still holds it");
    c.onTick("g2", true, T0 + 3_000);
    assertEquals(T0 + 3_000, c.clockMs());
    c.onTick("g2", true, T0 + 6_000);
    assertEquals(T0 + 5_000, c.clockMs(), "now g1 is the lowest");
    c.onTick("g1", true, T0 + 11_000);
    c.onTick("g2", true, T0 + 12_000);
    assertEquals(T0 + 10_000, c.clockMs(), "capped by the detectors' wall clock, which paces a bridge's events");
  }

  @Test
  void aKilledGatewayHoldsTheClockUntilItsWatermarkIsStaleThenNoLonger() {
    PartitionClock c = new PartitionClock(STALE, 0);
    c.onTick("g1", true, T0);
    c.onTick("g2", true, T0);
    // g1 is killed; g2 and the detector go on.
    for (long s = 1; s <= STALE / 1_000; s++) {
      c.onTick("g2", true, T0 + s * 1_000);
      c.onTick("d1", false, T0 + s * 1_000);
    }
    assertEquals(T0, c.clockMs(), "held up to the stale bound: a live gateway can be that far behind");
    c.onTick("d1", false, T0 + STALE + 1_000);
    c.onTick("g2", true, T0 + STALE + 1_000);
    assertEquals(T0 + STALE + 1_000, c.clockMs(), "g1 is no longer waited for");
  }

  @Test
  void aGatewayThatSaidFarewellHoldsNothing() {
    PartitionClock c = new PartitionClock(STALE, 0);
    c.onTick("g1", true, T0);
    c.onTick("d1", false, T0 + 5_000);
    assertEquals(T0, c.clockMs());
    assertTrue(c.onFarewell("g1"));
    assertEquals(T0 + 5_000, c.clockMs());
    assertFalse(c.onFarewell("g1"), "a second farewell changes nothing");
  }

  @Test
  void theSourcesSurviveTheStoreSoARestoredPartitionStillWaitsForAStuckGateway() {
    PartitionClock c = new PartitionClock(STALE, 0);
    c.onTick("g1", true, T0);
    c.onTick("d1", false, T0 + 10_000);
    PartitionClock restored = PartitionClock.decode(c.encode(), STALE);
    assertEquals(T0, restored.clockMs());
    restored.onTick("d1", false, T0 + 20_000);
    assertEquals(T0, restored.clockMs(), "g1's watermark came back with the state");
    assertFalse(c.onTick("d1", false, T0 + 20_000), "the first clock, fed the same tick, agrees");
  }

  @Test
  void theFirstReleasesClockIsReadAsAClockWithNoSources() {
    byte[] first = ByteBuffer.allocate(9).put((byte) 1).putLong(T0).array();
    PartitionClock c = PartitionClock.decode(first, STALE);
    assertEquals(T0, c.clockMs());
    assertTrue(c.onTick("1", false, T0 + 1_000), "the first release's detectors tick as \"1\"");
  }

  @Test
  void aClockWrittenByANewerReleaseIsRefusedNotMisread() {
    byte[] newer = ByteBuffer.allocate(9).put((byte) 9).putLong(T0).array();
    assertThrows(IllegalStateException.class, () -> PartitionClock.decode(newer, STALE));
  }
}
