package io.tillwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.StatusChange;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property tests: the in-place entry points of {@link TelemetryDecoder} (array range, heap, read-only
 * and direct {@code ByteBuffer}) decide exactly what {@code decode(Topic, byte[])} decides, on the
 * fuzzer's committed inputs, on valid messages of every kind, and on random mutations of them
 * (card numbers planted, bytes flipped, spans cut, invalid UTF-8, other encodings, payloads long
 * enough that the stream view crosses Jackson's 8000-byte input buffer). The comparison itself is
 * {@link DecoderViews}.
 */
class DecoderViewsAgreeTest {
  private static final TelemetryDecoder DEFAULT = new TelemetryDecoder(16 * 1024);
  private static final TelemetryDecoder SMALL = new TelemetryDecoder(256);
  private static final String PAN = "4111111111111111";
  private static final Topic TXN = new Topic("m001", "t-01", TopicKind.TXN);
  private static final Topic HEARTBEAT = new Topic("m001", "t-01", TopicKind.HEARTBEAT);
  private static final Topic STATUS = new Topic("m001", "t-01", TopicKind.STATUS);
  private static final Topic CMD_RESULT = new Topic("m001", "t-01", TopicKind.CMD_RESULT);
  private static final Topic[] TOPICS = {TXN, HEARTBEAT, STATUS, CMD_RESULT};

  private static final String[] VALID = {
      "{\"txn\":\"20261130-000123\",\"seq\":1042,\"event\":\"AUTHORIZED\",\"at\":\"2026-11-30T02:00:00.123Z\","
          + "\"amount\":12850,\"currency\":\"CNY\",\"method\":\"CARD\",\"rrn\":\"433412345678\",\"authCode\":\"A1B2C3\","
          + "\"pan\":\"622848******1234\",\"ref\":\"202612020000004523\"}",
      "{\"txn\":\"a\",\"seq\":0,\"event\":\"PRINTED\",\"at\":1764468000123,\"future\":{\"x\":[1,2,{\"y\":null}]},\"n\":3.5e2}",
      "{\"at\":\"2026-11-30T02:00:30+08:00\",\"intervalSec\":30,\"lastSeq\":1043,\"firmware\":\"4.2.1\",\"network\":\"4G\","
          + "\"signal\":-71,\"printer\":\"PAPER_OUT\",\"pendingUploads\":2,\"store\":\"S001\",\"region\":\"east\"}",
      "{\"id\":\"cmd-1\",\"status\":\"DONE\",\"at\":1764468000123,\"reason\":null}",
      "{\"id\":\"cmd-2\",\"status\":\"FAILED\",\"at\":\"2026-11-30T02:00:00Z\",\"reason\":\"paper \\u0031 out 收银\"}",
      "online",
      " offline\n",
  };

  /** Snippets a mutation inserts: card data in every disguise, structure, numbers at the edges, bad UTF-8. */
  private static final String[] SNIPPETS = {
      ",\"x\":" + PAN, ",\"x\":\"" + PAN + "\"", ",\"x\":\"4111 1111-1111 1111\"", ",\"" + PAN + "\":1", ",\"x\":" + PAN + ".5",
      ",\"x\":\"\\u0034111111111111111\"", ",\"pan\":\"" + PAN + "\"", ",\"pan\":\"411111******1111\"", ",\"cvv\":1",
      ",\"x\":{\"track2\":0}", ",\"x\":[[[[[[[[1]]]]]]]]", "{", "}", "[", "]", "\"", "\\", ",", ":", "null", "1e999",
      "123456789012345678901234567890123", "-0", "0.1", "\"收银\"", "\u00e9", " ", "\t", "online", "offline",
  };
  private static final byte[] BYTES = {0, 1, ' ', '\t', '\n', '"', '\\', '{', '}', '[', ']', ':', ',', '0', '4', '9', 'e', '-',
      '.', 'n', 'o', (byte) 0x80, (byte) 0xbf, (byte) 0xc3, (byte) 0xe2, (byte) 0xf0, (byte) 0xfe, (byte) 0xff};
  private static final Charset[] ENCODINGS = {StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16,
      Charset.forName("UTF-32BE"), Charset.forName("UTF-32LE")};

  @Test
  void theFuzzersCommittedInputsDecodeAlikeEveryWay() throws IOException {
    Path inputs = Path.of("src/test/resources/io/tillwatch/fuzz/TelemetryDecoderFuzzTestInputs/decode");
    List<Path> files;
    try (Stream<Path> s = Files.list(inputs)) {
      files = s.sorted().toList();
    }
    assertTrue(files.size() > 20, "the corpus is where it was");
    Random random = new Random(17);
    for (Path f : files) {
      byte[] all = Files.readAllBytes(f);
      if (all.length < 2) {
        continue;
      }
      // <topic>\n<payload><limit byte>, as TelemetryDecoderFuzzTest#decode reads them; both limits are tried here.
      byte[] body = Arrays.copyOf(all, all.length - 1);
      int nl = TelemetryDecoderFuzzTest.indexOf(body, (byte) '\n');
      byte[] payload = nl < 0 ? new byte[0] : Arrays.copyOfRange(body, nl + 1, body.length);
      for (Topic topic : TOPICS) {
        DecoderViews.assertSameOutcome(DEFAULT, topic, payload, random);
        DecoderViews.assertSameOutcome(SMALL, topic, payload, random);
      }
    }
  }

  @Test
  void validMessagesAndTheirMutationsDecodeAlikeEveryWay() {
    Random random = new Random(42);
    int accepted = 0;
    int cardData = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] payload = mutate(VALID[random.nextInt(VALID.length)].getBytes(StandardCharsets.UTF_8), random);
      Topic topic = TOPICS[random.nextInt(TOPICS.length)];
      DecoderViews.Outcome o = DecoderViews.assertSameOutcome(random.nextInt(8) == 0 ? SMALL : DEFAULT, topic, payload, random);
      accepted += o.telemetry() != null ? 1 : 0;
      cardData += o.reason() == RejectReason.CARD_DATA ? 1 : 0;
    }
    // The generator reaches both sides of the decision, and the card rules in particular.
    assertTrue(accepted > 1_000, "accepted " + accepted);
    assertTrue(cardData > 500, "refused for card data " + cardData);
  }

  @Test
  void otherEncodingsDecodeAlikeEveryWay() {
    Random random = new Random(3);
    int accepted = 0;
    for (String json : VALID) {
      for (Charset cs : ENCODINGS) {
        for (Topic topic : TOPICS) {
          DecoderViews.Outcome o = DecoderViews.assertSameOutcome(DEFAULT, topic, json.getBytes(cs), random);
          accepted += o.telemetry() != null ? 1 : 0;
        }
      }
    }
    assertTrue(accepted > 0, "Jackson detects UTF-16/32 JSON; the stream view must too");
  }

  /**
   * Long payloads: the direct view is read through Jackson's 8000-byte input buffer, so values and card
   * numbers that straddle its boundary (and the size limit itself) must decide as the array does.
   */
  @Test
  void longPayloadsAcrossTheStreamBufferDecodeAlikeEveryWay() {
    Random random = new Random(8000);
    int cardData = 0;
    for (int i = 0; i < 3_000; i++) {
      String head = "{\"at\":1764468000123,\"intervalSec\":30,\"pad\":\"";
      int padTo = 7_950 + random.nextInt(120) - head.length();
      if (random.nextInt(10) == 0) {
        padTo = 16 * 1024 - head.length() - 60 + random.nextInt(80); // around the payload limit
      }
      StringBuilder b = new StringBuilder(head);
      b.append("x".repeat(Math.max(0, padTo)));
      switch (random.nextInt(4)) {
        case 0 -> b.append("\",\"y\":\"").append(PAN).append("\"}");
        case 1 -> b.append(PAN.substring(0, random.nextInt(PAN.length()))).append("\",\"z\":").append(PAN).append("}");
        case 2 -> b.append("\",\"").append("4111 1111 1111 1111").append("\":1}");
        default -> b.append("\",\"n\":12345.5}");
      }
      byte[] payload = b.toString().getBytes(StandardCharsets.UTF_8);
      DecoderViews.Outcome o = DecoderViews.assertSameOutcome(DEFAULT, random.nextBoolean() ? HEARTBEAT : TXN,
          random.nextInt(5) == 0 ? Arrays.copyOf(payload, random.nextInt(payload.length)) : payload, random);
      cardData += o.reason() == RejectReason.CARD_DATA ? 1 : 0;
    }
    assertTrue(cardData > 500, "refused for card data " + cardData);
  }

  /**
   * The status words are compared byte by byte now; before, the payload became a String that was
   * trimmed. That String is the oracle here, on bytes chosen to hit whitespace, control characters,
   * the letters of both words and every kind of broken UTF-8 next to them.
   */
  @Test
  void statusWordsAreExactlyWhatTheTrimmedStringAccepted() {
    Random random = new Random(5);
    byte[] alphabet = {0, 1, 0x1f, ' ', '\t', '\n', '\r', 0x21, 0x7f, 'o', 'n', 'l', 'i', 'e', 'f', 'N',
        (byte) 0x80, (byte) 0xa0, (byte) 0xc2, (byte) 0xc3, (byte) 0xe2, (byte) 0xe3, (byte) 0xf0, (byte) 0xff};
    int online = 0;
    int offline = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] payload;
      if (random.nextInt(3) == 0) {
        String word = random.nextBoolean() ? "online" : "offline";
        payload = concat(randomBytes(random, alphabet, random.nextInt(3)), word.getBytes(StandardCharsets.US_ASCII),
            randomBytes(random, alphabet, random.nextInt(3)));
      } else {
        payload = randomBytes(random, alphabet, random.nextInt(10));
      }
      String trimmed = new String(payload, StandardCharsets.UTF_8).trim();
      DecoderViews.Outcome o = DecoderViews.assertSameOutcome(DEFAULT, STATUS, payload, random);
      if (trimmed.equals("online") || trimmed.equals("offline")) {
        assertNotNull(o.telemetry(), Arrays.toString(payload));
        assertEquals(trimmed.equals("online"), ((StatusChange) o.telemetry()).online(), Arrays.toString(payload));
        online += trimmed.equals("online") ? 1 : 0;
        offline += trimmed.equals("offline") ? 1 : 0;
      } else {
        assertNull(o.telemetry(), Arrays.toString(payload));
        assertEquals(RejectReason.BAD_STATUS, o.reason(), Arrays.toString(payload));
      }
    }
    assertTrue(online > 1_000 && offline > 1_000, online + " / " + offline);
  }

  // ---- generators -------------------------------------------------------------------------------

  private static byte[] mutate(byte[] payload, Random random) {
    byte[] p = payload;
    int n = random.nextInt(4);
    for (int k = 0; k < n; k++) {
      int at = random.nextInt(p.length + 1);
      p = switch (random.nextInt(5)) {
        case 0, 1 -> concat(Arrays.copyOf(p, at), SNIPPETS[random.nextInt(SNIPPETS.length)].getBytes(StandardCharsets.UTF_8),
            Arrays.copyOfRange(p, at, p.length));
        case 2 -> {
          byte[] q = p.clone();
          if (q.length > 0) {
            q[Math.min(at, q.length - 1)] = BYTES[random.nextInt(BYTES.length)];
          }
          yield q;
        }
        case 3 -> concat(Arrays.copyOf(p, at), Arrays.copyOfRange(p, Math.min(p.length, at + 1 + random.nextInt(8)), p.length));
        default -> random.nextInt(4) == 0 ? Arrays.copyOf(p, at) : p;
      };
    }
    return p;
  }

  private static byte[] randomBytes(Random random, byte[] alphabet, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
