package io.tillwatch.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.RejectedMessageException;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.Topic;
import io.tillwatch.telemetry.TopicKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Jazzer fuzz tests for {@link TelemetryDecoder}: whatever the topic and payload, {@code decode}
 * returns a valid {@link Telemetry} or throws {@link RejectedMessageException}, nothing else, and
 * never lets a card number through. Every input is also decoded through the in-place entry points
 * (array range, heap, read-only and direct {@code ByteBuffer}), which must decide exactly the same
 * ({@link DecoderViews}).
 *
 * <h2>Two modes</h2>
 * <ul>
 *   <li><b>Regression</b> (plain {@code mvn test}, CI): each {@code @FuzzTest} runs once per committed
 *       input under {@code src/test/resources/io/tillwatch/fuzz/TelemetryDecoderFuzzTestInputs/<method>/}
 *       (plus an empty input). A crash found by fuzzing is copied there and stays a regression test.
 *   <li><b>Fuzzing</b> (by hand): {@code scripts/fuzz.sh [seconds]} runs each target with
 *       {@code JAZZER_FUZZ=1} for the given time (default 120 s), e.g.
 *       {@code JAZZER_FUZZ=1 mvn -o test -Dtest='TelemetryDecoderFuzzTest#decode' -Djazzer.max_duration=2m}.
 *       Jazzer fuzzes one {@code @FuzzTest} per JVM; new coverage goes to {@code .cifuzz-corpus/} (not
 *       committed), findings to the inputs directory above.
 * </ul>
 *
 * <h2>Input format of {@link #decode}</h2>
 * The raw fuzz input is {@code <topic>\n<payload><limit byte>}: the last byte picks the payload limit
 * (even: the default 16 KiB, odd: 256 bytes, to reach the {@code too_large} path), the rest is split
 * at its first newline. So a seed is a readable text file: topic line, JSON, final newline.
 */
class TelemetryDecoderFuzzTest {
  private static final TelemetryDecoder DEFAULT = new TelemetryDecoder(16 * 1024);
  private static final TelemetryDecoder SMALL = new TelemetryDecoder(256);

  /** Free-form: any topic, any payload. */
  @FuzzTest(maxDuration = "2m")
  void decode(FuzzedDataProvider data) {
    TelemetryDecoder decoder = (data.consumeByte() & 1) == 0 ? DEFAULT : SMALL;
    byte[] all = data.consumeRemainingAsBytes();
    int nl = indexOf(all, (byte) '\n');
    String topic = new String(all, 0, nl < 0 ? all.length : nl, StandardCharsets.UTF_8);
    byte[] payload = nl < 0 ? new byte[0] : Arrays.copyOfRange(all, nl + 1, all.length);
    check(decoder, topic, payload);
  }

  /**
   * Structured: a valid transaction event or heartbeat with a Luhn-valid 13..19 digit number planted
   * in an unknown field (as a string with text around it and separators, an integer, a decimal, a field
   * name, nested in arrays and objects up to the depth limit). Must never be accepted.
   */
  @FuzzTest(maxDuration = "2m")
  void cardNumberInUnknownField(FuzzedDataProvider data) {
    boolean txn = data.consumeBoolean();
    String pan = pan(data);
    String planted = plant(data, pan);
    List<String> fields = new ArrayList<>(txn
        ? List.of("\"txn\":\"s-1\"", "\"seq\":7", "\"event\":\"AUTHORIZED\"", "\"at\":\"2026-11-30T02:00:00.123Z\"",
            "\"amount\":12850", "\"currency\":\"CNY\"", "\"pan\":\"622848******1234\"")
        : List.of("\"at\":1764468000123", "\"intervalSec\":30", "\"lastSeq\":4", "\"printer\":\"OK\""));
    fields.add(data.consumeInt(0, fields.size()), planted);
    String json = "{" + String.join(",", fields) + "}";
    String topic = "pos/v1/m001/t-01/" + (txn ? "txn" : "heartbeat");
    byte[] payload = json.getBytes(StandardCharsets.UTF_8);
    DecoderViews.assertSameOutcome(DEFAULT, new Topic("m001", "t-01", txn ? TopicKind.TXN : TopicKind.HEARTBEAT), payload,
        new Random(json.hashCode()));
    try {
      Telemetry t = DEFAULT.decode(topic, payload);
      fail("accepted a card number " + "*".repeat(pan.length()) + " in an unknown field: " + t.getClass().getSimpleName()
          + " from a payload of " + payload.length + " bytes");
    } catch (RejectedMessageException e) {
      Invariants.refusal(e, topic, json);
      assertFalse(e.getMessage().contains(pan), "the refusal quotes the card number");
      if (payload.length <= DEFAULT.maxPayloadBytes() && e.reason() != RejectReason.MALFORMED_JSON) {
        assertEquals(RejectReason.CARD_DATA, e.reason(), "refused for the card number, not for something else");
      }
    }
  }

  /** The invariant of every decoder call. Public to the regression tests of this package. */
  static void check(TelemetryDecoder decoder, String topic, byte[] payload) {
    String text = new String(payload, StandardCharsets.UTF_8);
    Topic valid = Topic.parseOrNull(topic);
    if (valid != null) {
      DecoderViews.assertSameOutcome(decoder, valid, payload, new Random(Arrays.hashCode(payload)));
    }
    Telemetry t;
    try {
      t = decoder.decode(topic, payload);
    } catch (RejectedMessageException e) {
      Invariants.refusal(e, topic, text);
      return;
    }
    // Accepted: the topic must have been valid, and everything about the record must hold.
    Topic parsed;
    try {
      parsed = Topic.parse(topic);
    } catch (RejectedMessageException e) {
      throw new AssertionError("accepted a message on a topic Topic.parse refuses", e);
    }
    Invariants.accepted(t, parsed, payload);
  }

  // ---- building the planted card number ------------------------------------------------------------

  private static String pan(FuzzedDataProvider data) {
    int length = data.consumeInt(13, 19);
    StringBuilder digits = new StringBuilder();
    for (int i = 0; i < length; i++) {
      digits.append((char) ('0' + data.consumeInt(0, 9)));
    }
    return CardOracle.withCheckDigit(digits.toString());
  }

  /** One unknown field, {@code "name": value}, carrying the card number somewhere inside. */
  private static String plant(FuzzedDataProvider data, String pan) {
    String scalar = switch (data.consumeInt(0, 5)) {
      case 0 -> pan; // bare JSON integer
      case 1 -> "-" + pan; // negative integer
      case 2 -> pan + "." + data.consumeInt(0, 99); // decimal
      case 3 -> pan + "e" + data.consumeInt(0, 3); // exponent
      default -> "\"" + text(data) + "x" + spelled(data, pan) + "x" + text(data) + "\""; // inside text
    };
    int depth = data.consumeInt(0, 6); // top-level object is depth 1; the limit is 8
    boolean asName = data.consumeInt(0, 4) == 0;
    String value = asName ? "{\"" + spelled(data, pan) + "\":" + data.consumeInt(0, 9) + "}" : scalar;
    for (int i = 0; i < depth; i++) {
      value = switch (data.consumeInt(0, 2)) {
        case 0 -> "[" + value + "]";
        case 1 -> "[1,\"a\",{\"b\":null}," + value + ",true]";
        default -> "{\"" + name(data) + "\":" + value + "}";
      };
    }
    if (!asName && depth == 0 && data.consumeBoolean()) {
      return "\"" + spelled(data, pan) + "\":" + data.consumeInt(0, 9); // the top-level field's name is the number
    }
    return "\"" + name(data) + "\":" + value;
  }

  /** The number written inside a JSON string: single spaces or dashes between digits, some digits as \\u escapes. */
  private static String spelled(FuzzedDataProvider data, String pan) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pan.length(); i++) {
      char c = pan.charAt(i);
      b.append(data.consumeInt(0, 7) == 0 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
      if (i + 1 < pan.length()) {
        switch (data.consumeInt(0, 9)) {
          case 0 -> b.append(' ');
          case 1 -> b.append('-');
          default -> { }
        }
      }
    }
    return b.toString();
  }

  /** An unknown, harmless field name: prefixed so it never collides with a contract field. */
  private static String name(FuzzedDataProvider data) {
    return "x_" + escape(data.consumeAsciiString(12).replaceAll("[0-9]", ""));
  }

  private static String text(FuzzedDataProvider data) {
    return escape(data.consumeString(24));
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Where {@code b} first occurs in {@code a}, or -1. */
  static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
