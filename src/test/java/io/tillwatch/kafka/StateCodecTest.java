package io.tillwatch.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.engine.TerminalSnapshot;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The detector's store formats read back what they wrote, and refuse a format they do not know. */
class StateCodecTest {
  @Test
  void aTerminalSnapshotRoundTripsWithAndWithoutItsOptionalFields() {
    TerminalSnapshot full = new TerminalSnapshot("m001", "t1", 1_764_583_080_000L, true, 30, 41, 2, 1_764_583_000_000L, "OK",
        "4.2.1", "4G", -71, "S001", "east", 1_764_583_079_000L);
    assertEquals(full, StateCodec.terminal(StateCodec.terminal(full)));
    TerminalSnapshot sparse = new TerminalSnapshot("m001", "t2", 5, false, -1, -1, -1, -1, null, null, null, null, null, null,
        -1);
    assertEquals(sparse, StateCodec.terminal(StateCodec.terminal(sparse)));
  }

  @Test
  void aSaleEventRoundTripsWithItsPayloadByteForByte() {
    byte[] payload = "{\"txn\":\"s1\",\"seq\":1,\"event\":\"STARTED\",\"note\":\"收银台 3\"}".getBytes(StandardCharsets.UTF_8);
    StateCodec.SaleEvent e = new StateCodec.SaleEvent(1_764_583_080_123L, "m001", "t1", "s1", payload);
    StateCodec.SaleEvent back = StateCodec.saleEvent(StateCodec.saleEvent(e));
    assertEquals(e.receivedAtMs(), back.receivedAtMs());
    assertEquals(e.merchant() + e.terminal() + e.txn(), back.merchant() + back.terminal() + back.txn());
    assertArrayEquals(payload, back.payload());
  }

  @Test
  void offsetKeysSortInOffsetOrderAsBytes() {
    byte[] small = StateCodec.offsetKey(255);
    byte[] large = StateCodec.offsetKey(256);
    assertTrue(Arrays.compareUnsigned(small, large) < 0, "the in-memory store iterates keys as unsigned bytes");
    assertEquals(8, small.length);
  }

  @Test
  void theClockKeyIsNeverATerminalKey() {
    assertTrue(StateCodec.isClock(StateCodec.CLOCK_KEY));
    assertFalse(StateCodec.isClock(EventRecords.key("m001", "t1")));
  }

  @Test
  void stateWrittenInAnUnknownFormatIsRefusedNotMisread() {
    byte[] written = StateCodec.terminal(new TerminalSnapshot("m001", "t1", 5, true, 30, 1, 0, -1, null, null, null, null, null,
        null, -1));
    written[0] = 9; // a later format
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> StateCodec.terminal(written));
    assertTrue(e.getMessage().contains("format 9"), e.getMessage());
  }
}
