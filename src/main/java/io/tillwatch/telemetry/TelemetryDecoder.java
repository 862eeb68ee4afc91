package io.tillwatch.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Turns a topic and payload into a validated {@link Telemetry} record, or explains why not.
 *
 * <p>Design notes. The decoder streams the JSON once (Jackson's token parser, no tree) because it
 * runs for every message on the ingest event loop. Limits on nesting depth and string length are
 * enforced by the parser itself, so a hostile payload costs at most {@code maxPayloadBytes} of
 * work. Unknown fields are skipped (forward compatibility) but still walked, so card data hidden
 * in an unknown or nested field is found and the whole message refused. Error details name the
 * field and the rule, never the value: the payload may carry a card number.
 *
 * <p>Payload views. The bytes can come as a {@code byte[]}, a range of a larger array, or a
 * {@link ByteBuffer} (a JDK type, so this package still depends on nothing of ours; the ingest turns
 * its Netty buffer into one). Every form runs the same rules on the same tokens: an array range goes
 * to Jackson in place, a heap buffer is that array range, and a buffer without an accessible array
 * (direct or read-only) is read through an {@link InputStream} view, which Jackson copies chunk by chunk
 * into its own recycled input buffer. That keeps Jackson's encoding detection (UTF-16/32 JSON is
 * decoded exactly as from an array); Jackson's non-blocking {@code ByteBufferFeeder} parser reads a
 * direct buffer without that copy but only speaks UTF-8, so it would refuse what the array path
 * accepts. Nothing is kept: the bytes are read during the call only, and the buffer's position and
 * limit are left as they were.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TelemetryDecoder {
  /** Longest free-text value accepted in a known field (firmware, rrn, ...). */
  public static final int MAX_TEXT = 128;

  private static final int MAX_DEPTH = 8;
  private static final long MIN_TIME_MS = 946_684_800_000L; // 2000-01-01
  private static final long MAX_TIME_MS = 4_102_444_800_000L; // 2100-01-01
  private static final int MAX_INTERVAL_SEC = 86_400;
  // values() copies its array on every call: once here, not per message
  private static final PaymentMethod[] PAYMENT_METHODS = PaymentMethod.values();
  private static final PrinterState[] PRINTER_STATES = PrinterState.values();
  private static final CommandResult.Status[] RESULT_STATUSES = CommandResult.Status.values();

  private final int maxPayloadBytes;
  private final JsonFactory json;

  public TelemetryDecoder(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
    this.json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH)
            .maxStringLength(Math.max(1024, maxPayloadBytes))
            .maxNumberLength(32)
            .build())
        .build();
  }

  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** Decodes one message; the topic has already been checked to be a terminal topic or is checked here. */
  public Telemetry decode(String topic, byte[] payload) throws RejectedMessageException {
    return decode(Topic.parse(topic), payload);
  }

  public Telemetry decode(Topic topic, byte[] payload) throws RejectedMessageException {
    return decode(topic, payload, 0, payload.length);
  }

  /** Decodes {@code payload[offset, offset + length)}, in place: the same rules as the whole-array form. */
  public Telemetry decode(Topic topic, byte[] payload, int offset, int length) throws RejectedMessageException {
    Objects.checkFromIndexSize(offset, length, payload.length);
    requireSize(length);
    return switch (topic.kind()) {
      case TXN -> decodeTxn(topic, open(payload, offset, length));
      case HEARTBEAT -> decodeHeartbeat(topic, open(payload, offset, length));
      case STATUS -> decodeStatus(topic, ByteBuffer.wrap(payload, offset, length));
      case CMD_RESULT -> decodeCommandResult(topic, open(payload, offset, length));
    };
  }

  /**
   * Decodes the buffer's remaining bytes (position to limit) without copying them first when it has
   * an accessible array; its position and limit are not changed, and it is not kept.
   */
  public Telemetry decode(Topic topic, ByteBuffer payload) throws RejectedMessageException {
    if (payload.hasArray()) {
      return decode(topic, payload.array(), payload.arrayOffset() + payload.position(), payload.remaining());
    }
    requireSize(payload.remaining());
    return switch (topic.kind()) {
      case TXN -> decodeTxn(topic, open(payload));
      case HEARTBEAT -> decodeHeartbeat(topic, open(payload));
      case STATUS -> decodeStatus(topic, payload);
      case CMD_RESULT -> decodeCommandResult(topic, open(payload));
    };
  }

  private void requireSize(int length) throws RejectedMessageException {
    if (length > maxPayloadBytes) {
      throw new RejectedMessageException(RejectReason.TOO_LARGE, "payload exceeds " + maxPayloadBytes + " bytes");
    }
  }

  /**
   * {@code online} or {@code offline}, with leading and trailing bytes up to 0x20 ignored: exactly
   * what {@code new String(payload, UTF_8).trim()} compared with those words accepts, without making
   * the String. A byte up to 0x20 is a whole character in UTF-8 (never part of a multi-byte sequence
   * or a malformed one), so trimming bytes trims the same characters, and any other byte decodes to
   * something that is not a letter of those words.
   */
  private static StatusChange decodeStatus(Topic topic, ByteBuffer payload) throws RejectedMessageException {
    int from = payload.position();
    int to = payload.limit();
    while (from < to && (payload.get(from) & 0xff) <= ' ') {
      from++;
    }
    while (to > from && (payload.get(to - 1) & 0xff) <= ' ') {
      to--;
    }
    if (isAscii(payload, from, to, "online")) {
      return new StatusChange(topic.merchant(), topic.terminal(), true);
    }
    if (isAscii(payload, from, to, "offline")) {
      return new StatusChange(topic.merchant(), topic.terminal(), false);
    }
    throw new RejectedMessageException(RejectReason.BAD_STATUS, "status payload must be online or offline");
  }

  private static boolean isAscii(ByteBuffer b, int from, int to, String word) {
    if (to - from != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (b.get(from + i) != (byte) word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private TxnEvent decodeTxn(Topic topic, JsonParser opened) throws RejectedMessageException {
    String txn = null;
    long seq = -1;
    String event = null;
    long at = Long.MIN_VALUE;
    long amount = TxnEvent.NO_AMOUNT;
    String currency = null;
    PaymentMethod method = null;
    String rrn = null;
    String authCode = null;
    String pan = null;
    String ref = null;
    try (JsonParser p = opened) {
      while (nextField(p)) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "txn" -> txn = text(p, v, name, Ids.MAX_LENGTH);
          case "seq" -> seq = nonNegative(p, v, name);
          case "event" -> event = text(p, v, name, 32);
          case "at" -> at = time(p, v);
          case "amount" -> amount = nonNegative(p, v, name);
          case "currency" -> currency = currency(p, v);
          case "method" -> method = optionalEnum(p, v, name, PAYMENT_METHODS, PaymentMethod.OTHER);
          case "rrn" -> rrn = scannedText(p, v, name);
          case "authCode" -> authCode = scannedText(p, v, name);
          case "pan" -> pan = pan(p, v);
          case "ref" -> ref = referenceText(p, v, name);
          default -> skipUnknown(p, name, v);
        }
      }
      requireEnd(p);
    } catch (IOException e) {
      throw malformed(e);
    }
    require(txn, "txn");
    Ids.require("txn", txn);
    if (seq < 0) {
      throw missing("seq");
    }
    require(event, "event");
    EventType type = EventType.fromWire(event);
    if (type == null) {
      throw new RejectedMessageException(RejectReason.UNKNOWN_EVENT, "event is not a lifecycle event of the contract");
    }
    if (at == Long.MIN_VALUE) {
      throw missing("at");
    }
    boolean amountRequired = type == EventType.STARTED || type == EventType.AUTHORIZED;
    if (amountRequired && amount == TxnEvent.NO_AMOUNT) {
      throw missing("amount");
    }
    if (amount != TxnEvent.NO_AMOUNT && currency == null) {
      throw missing("currency");
    }
    return new TxnEvent(topic.merchant(), topic.terminal(), txn, seq, type, at, amount, currency, method, rrn, authCode, pan, ref);
  }

  /** {@code {"id":"cmd-...","status":"DONE|FAILED|REJECTED","at":...,"reason":null}}: id, status and at required. */
  private CommandResult decodeCommandResult(Topic topic, JsonParser opened) throws RejectedMessageException {
    String id = null;
    String status = null;
    long at = Long.MIN_VALUE;
    String reason = null;
    try (JsonParser p = opened) {
      while (nextField(p)) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "id" -> id = text(p, v, name, Ids.MAX_LENGTH);
          case "status" -> status = text(p, v, name, 32);
          case "at" -> at = time(p, v);
          case "reason" -> reason = scannedText(p, v, name);
          default -> skipUnknown(p, name, v);
        }
      }
      requireEnd(p);
    } catch (IOException e) {
      throw malformed(e);
    }
    require(id, "id");
    Ids.require("id", id);
    require(status, "status");
    CommandResult.Status answer = null;
    for (CommandResult.Status st : RESULT_STATUSES) {
      if (st.name().equals(status)) {
        answer = st;
      }
    }
    if (answer == null) {
      throw bad("status", "must be DONE, FAILED or REJECTED");
    }
    if (at == Long.MIN_VALUE) {
      throw missing("at");
    }
    return new CommandResult(topic.merchant(), topic.terminal(), id, answer, at, reason);
  }

  private Heartbeat decodeHeartbeat(Topic topic, JsonParser opened) throws RejectedMessageException {
    long at = Long.MIN_VALUE;
    long interval = -1;
    long lastSeq = Heartbeat.ABSENT;
    String firmware = null;
    String network = null;
    Integer signal = null;
    PrinterState printer = null;
    long pending = Heartbeat.ABSENT;
    String store = null;
    String region = null;
    try (JsonParser p = opened) {
      while (nextField(p)) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "at" -> at = time(p, v);
          case "intervalSec" -> interval = nonNegative(p, v, name);
          case "lastSeq" -> lastSeq = nonNegative(p, v, name);
          case "firmware" -> firmware = scannedText(p, v, name);
          case "network" -> network = scannedText(p, v, name);
          case "signal" -> signal = (int) integer(p, v, name, -200, 200);
          case "printer" -> printer = optionalEnum(p, v, name, PRINTER_STATES, null);
          case "pendingUploads" -> pending = integer(p, v, name, 0, Integer.MAX_VALUE);
          case "store" -> store = groupId(p, v, name);
          case "region" -> region = groupId(p, v, name);
          default -> skipUnknown(p, name, v);
        }
      }
      requireEnd(p);
    } catch (IOException e) {
      throw malformed(e);
    }
    if (interval < 0) {
      throw missing("intervalSec");
    }
    if (interval < 1 || interval > MAX_INTERVAL_SEC) {
      throw bad("intervalSec", "must be 1.." + MAX_INTERVAL_SEC);
    }
    long atMs = at == Long.MIN_VALUE ? Heartbeat.ABSENT : at;
    return new Heartbeat(topic.merchant(), topic.terminal(), atMs, (int) interval, lastSeq, firmware, network, signal,
        printer, (int) pending, store, region);
  }

  // ---- parsing helpers -------------------------------------------------------------------

  private JsonParser open(byte[] payload, int offset, int length) throws RejectedMessageException {
    JsonParser p;
    try {
      p = json.createParser(payload, offset, length);
    } catch (IOException e) {
      throw malformed(e);
    }
    return started(p);
  }

  private JsonParser open(ByteBuffer payload) throws RejectedMessageException {
    JsonParser p;
    try {
      p = json.createParser(new BufferInput(payload));
    } catch (IOException e) {
      throw malformed(e);
    }
    return started(p);
  }

  /** The parser on the top-level object's first token; closed (its buffers recycled) if the payload is not an object. */
  private static JsonParser started(JsonParser p) throws RejectedMessageException {
    try {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        return p;
      }
    } catch (IOException e) {
      closeQuietly(p);
      throw malformed(e);
    }
    closeQuietly(p);
    throw new RejectedMessageException(RejectReason.MALFORMED_JSON, "payload must be a JSON object");
  }

  private static void closeQuietly(JsonParser p) {
    try {
      p.close();
    } catch (IOException e) {
      // nothing was read from a source that can fail to close
    }
  }

  /** Advances to the next field of the top-level object; false at its end. */
  private static boolean nextField(JsonParser p) throws IOException, RejectedMessageException {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_OBJECT) {
      return false;
    }
    if (t != JsonToken.FIELD_NAME) {
      throw new RejectedMessageException(RejectReason.MALFORMED_JSON, "payload is not a well-formed JSON object");
    }
    if (CardData.isForbiddenField(p.currentName())) {
      throw cardData("a field that must never carry card data is present");
    }
    return true;
  }

  private static void requireEnd(JsonParser p) throws IOException, RejectedMessageException {
    if (p.nextToken() != null) {
      throw new RejectedMessageException(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
    }
  }

  /** Walks an unknown value: ignored, but refused if it hides card data. */
  private static void skipUnknown(JsonParser p, String name, JsonToken v) throws IOException, RejectedMessageException {
    if (CardData.containsLikelyPan(name)) {
      throw cardData("a field name holds what looks like a full card number");
    }
    if (v == JsonToken.VALUE_STRING) {
      if (CardData.containsLikelyPan(p.getText())) {
        throw cardData("field " + safeName(name) + " holds what looks like a full card number");
      }
      return;
    }
    if (isNumber(v) && CardData.containsLikelyPan(p.getText())) {
      throw cardData("field " + safeName(name) + " holds what looks like a full card number");
    }
    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
      int depth = 1;
      while (depth > 0) {
        JsonToken t = p.nextToken();
        if (t == null) {
          throw new RejectedMessageException(RejectReason.MALFORMED_JSON, "payload ends inside a value");
        }
        switch (t) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case FIELD_NAME -> {
            if (CardData.isForbiddenField(p.currentName())) {
              throw cardData("a field that must never carry card data is present");
            }
            if (CardData.containsLikelyPan(p.currentName())) {
              throw cardData("a field name holds what looks like a full card number");
            }
          }
          case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
            if (CardData.containsLikelyPan(p.getText())) {
              throw cardData("field " + safeName(name) + " holds what looks like a full card number");
            }
          }
          default -> { }
        }
      }
    }
  }

  private static String text(JsonParser p, JsonToken v, String name, int maxLength) throws IOException, RejectedMessageException {
    if (v != JsonToken.VALUE_STRING) {
      throw bad(name, "must be a string");
    }
    String s = p.getText();
    if (s.isEmpty() || s.length() > maxLength) {
      throw bad(name, "must be 1.." + maxLength + " characters");
    }
    return s;
  }

  private static String scannedText(JsonParser p, JsonToken v, String name) throws IOException, RejectedMessageException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    String s = text(p, v, name, MAX_TEXT);
    if (CardData.containsLikelyPan(s)) {
      throw cardData("field " + name + " holds what looks like a full card number");
    }
    return s;
  }

  /**
   * An order number is an identifier, often long and numeric (WeChat Pay's out_trade_no): it is held
   * to the ids' card rule (a Luhn-valid run that also starts like a card), not the free-text one, or
   * one order number in ten would be refused as a card number by the chance of its check digit.
   */
  private static String referenceText(JsonParser p, JsonToken v, String name) throws IOException, RejectedMessageException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    String s = text(p, v, name, MAX_TEXT);
    if (CardData.containsCardNumberId(s)) {
      throw cardData("field " + name + " holds what looks like a full card number");
    }
    return s;
  }

  /** store / region: optional grouping ids, same character rule as other ids. */
  private static String groupId(JsonParser p, JsonToken v, String name) throws IOException, RejectedMessageException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    return Ids.require(name, text(p, v, name, Ids.MAX_LENGTH));
  }

  private static String pan(JsonParser p, JsonToken v) throws IOException, RejectedMessageException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v != JsonToken.VALUE_STRING && v != JsonToken.VALUE_NUMBER_INT) {
      throw cardData("pan must be a masked card number");
    }
    String s = p.getText();
    if (!CardData.isProperlyMasked(s)) {
      throw cardData("pan is not masked to at most the first 8 and last 4 digits");
    }
    return s;
  }

  private static String currency(JsonParser p, JsonToken v) throws IOException, RejectedMessageException {
    String s = text(p, v, "currency", 3);
    if (s.length() != 3 || !Character.isUpperCase(s.charAt(0)) || !Character.isUpperCase(s.charAt(1))
        || !Character.isUpperCase(s.charAt(2)) || s.charAt(0) > 'Z' || s.charAt(1) > 'Z' || s.charAt(2) > 'Z') {
      throw bad("currency", "must be an ISO 4217 alpha-3 code");
    }
    return s;
  }

  private static long nonNegative(JsonParser p, JsonToken v, String name) throws IOException, RejectedMessageException {
    return integer(p, v, name, 0, Long.MAX_VALUE);
  }

  private static long integer(JsonParser p, JsonToken v, String name, long min, long max) throws IOException, RejectedMessageException {
    if (v != JsonToken.VALUE_NUMBER_INT) {
      throw bad(name, "must be an integer");
    }
    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw bad(name, "is out of range");
    }
    long n = p.getLongValue();
    if (n < min || n > max) {
      throw bad(name, "must be " + min + ".." + max);
    }
    return n;
  }

  private static <E extends Enum<E>> E optionalEnum(JsonParser p, JsonToken v, String name, E[] values, E unknown)
      throws IOException, RejectedMessageException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    String s = text(p, v, name, 32);
    for (E e : values) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    // A value added by a newer contract version: kept as "unknown", never a reason to refuse.
    return unknown;
  }

  private static long time(JsonParser p, JsonToken v) throws IOException, RejectedMessageException {
    long ms;
    if (v == JsonToken.VALUE_NUMBER_INT) {
      ms = integer(p, v, "at", MIN_TIME_MS, MAX_TIME_MS);
    } else if (v == JsonToken.VALUE_STRING) {
      ms = Rfc3339.parseMillis(p.getText());
      if (ms == Rfc3339.NOT_FAST) {
        try {
          ms = OffsetDateTime.parse(p.getText(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
          throw bad("at", "must be an RFC 3339 time or epoch milliseconds");
        }
      }
    } else {
      throw bad("at", "must be an RFC 3339 time or epoch milliseconds");
    }
    if (ms < MIN_TIME_MS || ms > MAX_TIME_MS) {
      throw bad("at", "is outside the years 2000..2100");
    }
    return ms;
  }

  private static void require(Object value, String name) throws RejectedMessageException {
    if (value == null) {
      throw missing(name);
    }
  }

  private static RejectedMessageException missing(String name) {
    return new RejectedMessageException(RejectReason.MISSING_FIELD, "required field " + name + " is missing");
  }

  private static RejectedMessageException bad(String name, String rule) {
    return new RejectedMessageException(RejectReason.BAD_FIELD, name + " " + rule);
  }

  private static RejectedMessageException cardData(String detail) {
    return new RejectedMessageException(RejectReason.CARD_DATA, detail);
  }

  private static RejectedMessageException malformed(IOException e) {
    String why = e instanceof StreamConstraintsException ? "payload nests too deep or has too long a value" : "payload is not well-formed JSON";
    return new RejectedMessageException(RejectReason.MALFORMED_JSON, why);
  }

  /**
   * Field names are attacker-chosen: only echo them when they look like plain identifiers, and never
   * one with 13 or more digits (a card number that fails Luhn, or hides in a longer run, is still one).
   */
  private static String safeName(String name) {
    return Ids.isValid(name) && name.length() <= 32 && digits(name) < 13 ? name : "(unnamed)";
  }

  /** Numbers as written: a decimal such as {@code 4111111111111111.0} carries the digits just as an integer does. */
  private static boolean isNumber(JsonToken v) {
    return v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT;
  }

  private static int digits(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        n++;
      }
    }
    return n;
  }

  /**
   * The remaining bytes of a buffer as a stream, read with absolute gets: the buffer's own position
   * is never moved, so a caller's buffer comes back as it was given.
   */
  private static final class BufferInput extends InputStream {
    private final ByteBuffer buffer;
    private int next;
    private final int end;

    BufferInput(ByteBuffer buffer) {
      this.buffer = buffer;
      this.next = buffer.position();
      this.end = buffer.limit();
    }

    @Override
    public int read() {
      return next < end ? buffer.get(next++) & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      Objects.checkFromIndexSize(offset, length, into.length);
      if (length == 0) {
        return 0;
      }
      int n = Math.min(length, end - next);
      if (n <= 0) {
        return -1;
      }
      buffer.get(next, into, offset, n);
      next += n;
      return n;
    }

    @Override
    public int available() {
      return end - next;
    }
  }
}
