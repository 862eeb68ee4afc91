package io.tillwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/**
 * The decoder's entry points that read a payload in place (a range of a larger array, a heap
 * {@link ByteBuffer}, a read-only one, a direct one) must decide exactly what the whole-array entry
 * point decides: the same record, or the same refusal reason and message. Each view is surrounded
 * by bytes that are not the payload (a JSON-looking tail, a card number, garbage) so reading a byte
 * outside the range would change the outcome; and no view's position, limit or bytes may change.
 */
final class DecoderViews {
  /** Bytes around a payload: any of them read as part of it would make a different outcome. */
  private static final byte[][] SURROUNDINGS = {
      "}".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
      ",\"x\":4111111111111111}".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
      "\"online\" {[".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
      {0, (byte) 0xff, '"', '\\', ' '},
  };

  private DecoderViews() {}

  /** What a decoder call came to: a record, or a refusal's reason and message. */
  record Outcome(Telemetry telemetry, RejectReason reason, String message) {
    static Outcome of(Call call) {
      try {
        return new Outcome(call.decode(), null, null);
      } catch (RejectedMessageException e) {
        return new Outcome(null, e.reason(), e.getMessage());
      }
    }
  }

  interface Call {
    Telemetry decode() throws RejectedMessageException;
  }

  /** Every view of {@code payload} decodes to what the byte[] entry point does; returns that outcome. */
  static Outcome assertSameOutcome(TelemetryDecoder decoder, Topic topic, byte[] payload, Random random) {
    byte[] original = payload.clone();
    Outcome expected = Outcome.of(() -> decoder.decode(topic, payload));
    byte[] before = surrounding(random);
    byte[] after = surrounding(random);
    byte[] larger = new byte[before.length + payload.length + after.length];
    System.arraycopy(before, 0, larger, 0, before.length);
    System.arraycopy(payload, 0, larger, before.length, payload.length);
    System.arraycopy(after, 0, larger, before.length + payload.length, after.length);
    byte[] largerCopy = larger.clone();
    int offset = before.length;

    assertEquals(expected, Outcome.of(() -> decoder.decode(topic, larger, offset, payload.length)), "array range");

    // A heap buffer whose array offset is not 0 (a slice) and whose position is not 0 either.
    ByteBuffer heap = ByteBuffer.wrap(larger, 1, larger.length - 1).slice();
    heap.position(offset - 1).limit(offset - 1 + payload.length);
    assertEquals(expected, decodeKeeping(decoder, topic, heap), "heap buffer");

    // Read-only and direct buffers have no accessible array: the stream view.
    ByteBuffer readOnly = ByteBuffer.wrap(larger).position(offset).limit(offset + payload.length).asReadOnlyBuffer();
    assertEquals(expected, decodeKeeping(decoder, topic, readOnly), "read-only heap buffer");
    ByteBuffer direct = ByteBuffer.allocateDirect(larger.length);
    direct.put(larger).clear().position(offset).limit(offset + payload.length);
    assertEquals(expected, decodeKeeping(decoder, topic, direct), "direct buffer");

    assertArrayEquals(original, payload, "the decoder wrote into the payload");
    assertArrayEquals(largerCopy, larger, "the decoder wrote into the array around the payload");
    return expected;
  }

  private static Outcome decodeKeeping(TelemetryDecoder decoder, Topic topic, ByteBuffer b) {
    int position = b.position();
    int limit = b.limit();
    Outcome o = Outcome.of(() -> decoder.decode(topic, b));
    assertEquals(position, b.position(), "the decoder moved the buffer's position");
    assertEquals(limit, b.limit(), "the decoder moved the buffer's limit");
    return o;
  }

  private static byte[] surrounding(Random random) {
    byte[] s = SURROUNDINGS[random.nextInt(SURROUNDINGS.length)];
    int n = 1 + random.nextInt(s.length);
    return Arrays.copyOf(s, n);
  }
}
