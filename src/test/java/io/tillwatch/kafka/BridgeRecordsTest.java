package io.tillwatch.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tillwatch.telemetry.RejectReason;
import io.tillwatch.telemetry.RejectedMessageException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BridgeRecordsTest {
  private static final String TXN_TOPIC = "pos/v1/m001/t0001/txn";
  private static final String TXN = "{\"txn\":\"20261130-000123\",\"seq\":1042,\"event\":\"PRINTED\",\"at\":1764468000123}";
  private static final String PAN = "6228480402564890018"; // Luhn-valid: must never reach an error message

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Headers headers(String... namesAndValues) {
    RecordHeaders h = new RecordHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1] == null ? null : utf8(namesAndValues[i + 1]));
    }
    return h;
  }

  private static RejectedMessageException reject(byte[] key, Headers headers, byte[] value) {
    return assertThrows(RejectedMessageException.class, () -> BridgeRecords.read(key, headers, value));
  }

  /** What EMQX's sink writes by default (value template ${.}) for a rule SELECT * FROM "pos/v1/#". */
  private static String emqxEnvelope(String payloadJson) {
    return "{\"username\":\"t0001\",\"topic\":\"pos/v1/m001/t0001/txn\",\"timestamp\":1764468000123,"
        + "\"qos\":1,\"publish_received_at\":1764468000123,\"pub_props\":{\"User-Property\":{}},"
        + "\"peerhost\":\"10.0.0.7\",\"payload\":" + payloadJson + ",\"node\":\"emqx@10.0.0.2\","
        + "\"metadata\":{\"rule_id\":\"tillwatch\"},\"id\":\"00062A1B2C3D4E5F\","
        + "\"flags\":{\"sys\":false,\"dup\":false,\"retain\":false},\"event\":\"message.publish\",\"clientid\":\"t0001\"}";
  }

  // --- layout 1: the topic header (TillWatch gateways) ---

  @Test
  void readsTheGatewaysNativeRecordWithTheValueUntouched() throws Exception {
    byte[] value = utf8(TXN);
    MqttMessage m = BridgeRecords.read(utf8("m001/t0001"), headers(BridgeRecords.TOPIC_HEADER, TXN_TOPIC), value);
    assertEquals(TXN_TOPIC, m.topic());
    assertArrayEquals(value, m.payload());
  }

  @Test
  void theHeaderWinsOverAnEnvelopeShapedValue() throws Exception {
    // A terminal may publish any JSON; with the header, the value is the payload whatever it looks like.
    byte[] value = utf8("{\"topic\":\"pos/v1/x/y/txn\",\"payload\":\"z\"}");
    MqttMessage m = BridgeRecords.read(null, headers(BridgeRecords.TOPIC_HEADER, "pos/v1/m001/t0001/status"), value);
    assertEquals("pos/v1/m001/t0001/status", m.topic());
    assertArrayEquals(value, m.payload());
  }

  @Test
  void aNullValueIsAnEmptyPayload() throws Exception {
    assertArrayEquals(new byte[0], BridgeRecords.read(null, headers(BridgeRecords.TOPIC_HEADER, TXN_TOPIC), null).payload());
    assertArrayEquals(new byte[0], BridgeRecords.read(utf8(TXN_TOPIC), new RecordHeaders(), null).payload());
  }

  @Test
  void aHeaderThatIsNoTerminalTopicIsRefusedNotSkipped() {
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(null, headers(BridgeRecords.TOPIC_HEADER, "sensors/1"), utf8(TXN)).reason());
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(null, headers(BridgeRecords.TOPIC_HEADER, null), utf8(TXN)).reason());
    RecordHeaders badUtf8 = new RecordHeaders();
    badUtf8.add(BridgeRecords.TOPIC_HEADER, new byte[] {'p', 'o', 's', '/', 'v', '1', '/', (byte) 0xC3, '/', 't'});
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(null, badUtf8, utf8(TXN)).reason());
  }

  @Test
  void headersThatDisagreeAreRefused() throws Exception {
    // A user property forwarded as a header must not be able to name another terminal's topic.
    Headers two = headers(BridgeRecords.TOPIC_HEADER, TXN_TOPIC, BridgeRecords.TOPIC_HEADER, "pos/v1/m002/t9/txn");
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(null, two, utf8(TXN)).reason());
    Headers same = headers(BridgeRecords.TOPIC_HEADER, TXN_TOPIC, BridgeRecords.TOPIC_HEADER, TXN_TOPIC);
    assertEquals(TXN_TOPIC, BridgeRecords.read(null, same, utf8(TXN)).topic());
    Headers forged = headers(BridgeRecords.TOPIC_HEADER, "pos/v1/m002/t9/txn");
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(utf8(TXN_TOPIC), forged, utf8(TXN)).reason());
  }

  // --- layout 2: the key is the topic (HiveMQ's mapping) ---

  @Test
  void readsATopicKeyedRecord() throws Exception {
    byte[] value = utf8("{\"at\":\"2026-11-30T02:00:30Z\",\"intervalSec\":30,\"lastSeq\":1043}");
    MqttMessage m = BridgeRecords.read(utf8("pos/v1/m001/t0001/heartbeat"), null, value);
    assertEquals(new MqttMessage("pos/v1/m001/t0001/heartbeat", value.clone()), m);
    assertArrayEquals(utf8("offline"), BridgeRecords.read(utf8("pos/v1/m001/t0001/status"), null, utf8("offline")).payload());
  }

  @Test
  void aTopicKeyTakesTheValueAsItIsEvenWhenItLooksLikeAnEnvelope() throws Exception {
    byte[] value = utf8(emqxEnvelope("\"x\""));
    assertArrayEquals(value, BridgeRecords.read(utf8(TXN_TOPIC), null, value).payload());
  }

  @Test
  void aTopicKeyThatIsNotUtf8IsRefused() {
    byte[] key = Arrays.copyOf(utf8("pos/v1/m001/t"), 14);
    key[13] = (byte) 0xFF;
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(key, null, utf8(TXN)).reason());
  }

  // --- layout 3: EMQX's JSON envelope ---

  @Test
  void readsEmqxsDefaultEnvelopeWhatEverItsKey() throws Exception {
    String payload = "{\"txn\":\"a\",\"seq\":1,\"event\":\"PRINTED\",\"at\":1764468000123}";
    byte[] value = utf8(emqxEnvelope("\"" + payload.replace("\"", "\\\"") + "\""));
    for (byte[] key : new byte[][] {utf8("t0001"), null, new byte[0]}) {
      MqttMessage m = BridgeRecords.read(key, new RecordHeaders(), value);
      assertEquals(TXN_TOPIC, m.topic());
      assertArrayEquals(utf8(payload), m.payload());
    }
  }

  @Test
  void theEnvelopesFieldsMayComeInAnyOrderAndAPlainTextPayloadStaysText() throws Exception {
    MqttMessage m = BridgeRecords.read(utf8("t0001"), null,
        utf8("{\"payload\":\"online\",\"clientid\":\"t0001\",\"topic\":\"pos/v1/m001/t0001/status\"}"));
    assertEquals("pos/v1/m001/t0001/status", m.topic());
    assertArrayEquals(utf8("online"), m.payload());
  }

  @Test
  void escapesAndNonAsciiInAStringPayloadBecomeUtf8() throws Exception {
    MqttMessage m = BridgeRecords.read(null, null,
        utf8("{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":\"{\\\"ref\\\":\\\"\\u6536\\u94f6-1\\\",\\\"n\\\":\\\"a\\\\\\\"b\\\"}\"}"));
    assertArrayEquals(utf8("{\"ref\":\"收银-1\",\"n\":\"a\\\"b\"}"), m.payload());
  }

  @Test
  void aDecodedObjectOrArrayPayloadIsWrittenBackAsCompactJson() throws Exception {
    MqttMessage obj = BridgeRecords.read(null, null,
        utf8(emqxEnvelope("{ \"txn\" : \"a\", \"seq\" : 1, \"x\" : [ 1, { \"y\" : null }, \"收\" ] }")));
    assertArrayEquals(utf8("{\"txn\":\"a\",\"seq\":1,\"x\":[1,{\"y\":null},\"收\"]}"), obj.payload());
    MqttMessage arr = BridgeRecords.read(null, null, utf8("{\"topic\":\"pos/v1/m/t/txn\",\"payload\":[true, -2.5, \"s\"]}"));
    assertArrayEquals(utf8("[true,-2.5,\"s\"]"), arr.payload());
  }

  @Test
  void envelopeWithoutAUsableTopicIsAnUnknownTopic() {
    for (String v : new String[] {
        "{\"payload\":\"online\"}",
        "{\"topic\":\"sensors/1\",\"payload\":\"online\"}",
        "{\"topic\":42,\"payload\":\"online\"}",
        "{\"topic\":null,\"payload\":\"online\"}",
        TXN}) { // an MQTT payload on its own, as EMQX writes with value ${payload} and key ${clientid}
      assertEquals(RejectReason.UNKNOWN_TOPIC, reject(utf8("t0001"), null, utf8(v)).reason(), v);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "online",
      "[1,2]",
      "\"pos/v1/m001/t0001/txn\"",
      "{\"topic\":\"pos/v1/m001/t0001/txn\"}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":12}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":null}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":true}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":\"a\"} {}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":\"a\"",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":{\"a\":1}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"topic\":\"pos/v1/m002/t2/txn\",\"payload\":\"a\"}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":\"a\",\"payload\":\"b\"}",
      "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":\"a\",}",
      "{'topic':'pos/v1/m001/t0001/txn','payload':'a'}"})
  void garbageIsMalformedJson(String value) {
    assertEquals(RejectReason.MALFORMED_JSON, reject(utf8("t0001"), null, utf8(value)).reason());
  }

  @Test
  void nestingBeyondTheLimitIsMalformedJson() {
    String deep = "[".repeat(20) + "]".repeat(20);
    assertEquals(RejectReason.MALFORMED_JSON,
        reject(null, null, utf8("{\"topic\":\"pos/v1/m/t/txn\",\"payload\":" + deep + "}")).reason());
  }

  @Test
  void anEnvelopeAboveOneMebibyteIsRefusedBeforeItIsParsed() throws Exception {
    // Not JSON at all: had it been parsed, the reason would be malformed_json.
    byte[] huge = new byte[BridgeRecords.MAX_ENVELOPE_BYTES + 1];
    Arrays.fill(huge, (byte) '[');
    assertEquals(RejectReason.TOO_LARGE, reject(utf8("t0001"), null, huge).reason());

    String head = "{\"topic\":\"pos/v1/m001/t0001/txn\",\"payload\":\"";
    String filler = "x".repeat(BridgeRecords.MAX_ENVELOPE_BYTES - head.length() - 2);
    byte[] atTheLimit = utf8(head + filler + "\"}");
    assertEquals(BridgeRecords.MAX_ENVELOPE_BYTES, atTheLimit.length);
    assertEquals(filler.length(), BridgeRecords.read(null, null, atTheLimit).payload().length);
  }

  @Test
  void aLargeValueWithAHeaderOrTopicKeyIsLeftToTheDecodersLimit() throws Exception {
    byte[] huge = new byte[BridgeRecords.MAX_ENVELOPE_BYTES + 1];
    assertEquals(huge.length, BridgeRecords.read(null, headers(BridgeRecords.TOPIC_HEADER, TXN_TOPIC), huge).payload().length);
    assertEquals(huge.length, BridgeRecords.read(utf8(TXN_TOPIC), null, huge).payload().length);
  }

  @Test
  void aRecordWithNothingToGoOnIsAnUnknownTopic() {
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(null, null, null).reason());
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(null, new RecordHeaders(), new byte[0]).reason());
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(utf8("m001/t0001"), headers("other", "x"), null).reason());
    // A tick carries no topic: the detector must recognise ticks before it asks for a message.
    assertEquals(RejectReason.UNKNOWN_TOPIC, reject(null, headers("tillwatch_tick", "1"), new byte[0]).reason());
  }

  @Test
  void noRefusalQuotesTheRecord() {
    String panTopic = "pos/v1/m001/" + PAN + "/txn";
    Object[][] records = {
        {null, headers(BridgeRecords.TOPIC_HEADER, "x/" + PAN), utf8(PAN)},
        {utf8("pos/v1/m/t/txn"), headers(BridgeRecords.TOPIC_HEADER, panTopic), null},
        {utf8(panTopic), headers(BridgeRecords.TOPIC_HEADER, "pos/v1/m/t/txn"), utf8(PAN)},
        {utf8(PAN), null, utf8(PAN)},
        {utf8(PAN), null, utf8("{\"topic\":\"" + PAN + "\",\"payload\":\"" + PAN + "\"}")},
        {null, null, utf8("{\"topic\":\"" + panTopic + "\",\"payload\":" + PAN + "}")},
        {null, null, utf8("{\"topic\":\"" + panTopic + "\",\"payload\":\"" + PAN + "\"," + PAN + "}")},
        {null, null, utf8("{\"" + PAN + "\":[" + "[".repeat(20) + "]}")},
        {null, null, utf8(PAN + "x".repeat(BridgeRecords.MAX_ENVELOPE_BYTES))}};
    for (Object[] r : records) {
      RejectedMessageException e = reject((byte[]) r[0], (Headers) r[1], (byte[]) r[2]);
      assertFalse(e.getMessage().contains(PAN.substring(0, 6)), e.getMessage());
    }
  }

  @Test
  void aMessageShowsNeitherTopicNorPayload() {
    String s = new MqttMessage("pos/v1/m001/" + PAN + "/txn", utf8(PAN)).toString();
    assertFalse(s.contains(PAN.substring(0, 6)), s);
  }
}
