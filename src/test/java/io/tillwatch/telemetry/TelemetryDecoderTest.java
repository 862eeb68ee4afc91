package io.tillwatch.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TelemetryDecoderTest {
  private static final String TXN_TOPIC = "pos/v1/m001/t0001/txn";
  private static final String FULL_PAN = "6228480402564890018"; // Luhn-valid, 19 digits
  private final TelemetryDecoder decoder = new TelemetryDecoder(4096);

  private Telemetry decode(String topic, String json) throws RejectedMessageException {
    return decoder.decode(topic, json.getBytes(StandardCharsets.UTF_8));
  }

  private RejectReason reject(String topic, String json) {
    return assertThrows(RejectedMessageException.class, () -> decode(topic, json)).reason();
  }

  @Test
  void decodesTheContractExample() throws Exception {
    TxnEvent e = (TxnEvent) decode(TXN_TOPIC, """
        {"txn":"20261130-000123","seq":1042,"event":"AUTHORIZED","at":"2026-11-30T02:00:00.123Z",
         "amount":12850,"currency":"CNY","method":"CARD","rrn":"433412345678","authCode":"A1B2C3",
         "pan":"622848******1234"}""");
    assertEquals("m001", e.merchant());
    assertEquals("t0001", e.terminal());
    assertEquals("20261130-000123", e.txn());
    assertEquals(1042, e.seq());
    assertEquals(EventType.AUTHORIZED, e.type());
    assertEquals(1_796_004_000_123L, e.atMs());
    assertEquals(12850, e.amount());
    assertEquals("CNY", e.currency());
    assertEquals(PaymentMethod.CARD, e.method());
    assertEquals("433412345678", e.rrn());
    assertEquals("A1B2C3", e.authCode());
    assertEquals("622848******1234", e.pan());
  }

  @Test
  void acceptsEpochMillisAndIgnoresUnknownFields() throws Exception {
    TxnEvent e = (TxnEvent) decode(TXN_TOPIC,
        "{\"txn\":\"a\",\"seq\":0,\"event\":\"PRINTED\",\"at\":1764468000123,\"future\":{\"x\":[1,2,{\"y\":null}]}}");
    assertEquals(1_764_468_000_123L, e.atMs());
    assertFalse(e.hasAmount());
  }

  @Test
  void decodesHeartbeatAndStatus() throws Exception {
    Heartbeat hb = (Heartbeat) decode("pos/v1/m001/t0001/heartbeat", """
        {"at":"2026-11-30T02:00:30Z","intervalSec":30,"lastSeq":1043,"firmware":"4.2.1",
         "network":"4G","signal":-71,"printer":"PAPER_OUT","pendingUploads":2,"store":"S001","region":"east"}""");
    assertEquals(30, hb.intervalSec());
    assertEquals(1043, hb.lastSeq());
    assertEquals(PrinterState.PAPER_OUT, hb.printer());
    assertEquals(2, hb.pendingUploads());
    assertEquals(-71, hb.signal());
    assertEquals("east", hb.region());
    StatusChange off = (StatusChange) decode("pos/v1/m001/t0001/status", "offline");
    assertFalse(off.online());
    assertTrue(((StatusChange) decode("pos/v1/m001/t0001/status", "online")).online());
  }

  @Test
  void unknownEnumValuesOfOptionalFieldsAreNotAReasonToRefuse() throws Exception {
    TxnEvent e = (TxnEvent) decode(TXN_TOPIC, "{\"txn\":\"a\",\"seq\":1,\"event\":\"PRINTED\",\"at\":1764468000123,\"method\":\"CRYPTO\"}");
    assertEquals(PaymentMethod.OTHER, e.method());
    Heartbeat hb = (Heartbeat) decode("pos/v1/m/t/heartbeat", "{\"intervalSec\":5,\"printer\":\"JAMMED\"}");
    assertNull(hb.printer());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "UNKNOWN_TOPIC | pos/v1/m001/t0001/other | {}",
      "UNKNOWN_TOPIC | pos/v2/m001/t0001/txn | {}",
      "UNKNOWN_TOPIC | pos/v1/m001/t0001/txn/extra | {}",
      "BAD_ID | pos/v1/m 001/t0001/txn | {}",
      "BAD_ID | pos/v1//t0001/txn | {}",
      "MALFORMED_JSON | pos/v1/m001/t0001/txn | {\"txn\":",
      "MALFORMED_JSON | pos/v1/m001/t0001/txn | [1,2]",
      "MALFORMED_JSON | pos/v1/m001/t0001/txn | {\"a\":1} trailing",
      "MISSING_FIELD | pos/v1/m001/t0001/txn | {\"seq\":1,\"event\":\"PRINTED\",\"at\":1764468000123}",
      "MISSING_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"event\":\"PRINTED\",\"at\":1764468000123}",
      "MISSING_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":1,\"event\":\"STARTED\",\"at\":1764468000123}",
      "MISSING_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":1,\"event\":\"STARTED\",\"at\":1764468000123,\"amount\":5}",
      "MISSING_FIELD | pos/v1/m001/t0001/heartbeat | {\"lastSeq\":3}",
      "BAD_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":-1,\"event\":\"PRINTED\",\"at\":1764468000123}",
      "BAD_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":1,\"event\":\"STARTED\",\"at\":1764468000123,\"amount\":-5,\"currency\":\"CNY\"}",
      "BAD_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":1,\"event\":\"STARTED\",\"at\":1764468000123,\"amount\":5,\"currency\":\"yuan\"}",
      "BAD_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":1,\"event\":\"PRINTED\",\"at\":\"yesterday\"}",
      "BAD_FIELD | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":\"1\",\"event\":\"PRINTED\",\"at\":1764468000123}",
      "BAD_FIELD | pos/v1/m001/t0001/heartbeat | {\"intervalSec\":0}",
      "BAD_ID | pos/v1/m001/t0001/txn | {\"txn\":\"a b\",\"seq\":1,\"event\":\"PRINTED\",\"at\":1764468000123}",
      "UNKNOWN_EVENT | pos/v1/m001/t0001/txn | {\"txn\":\"a\",\"seq\":1,\"event\":\"REFUNDED\",\"at\":1764468000123}",
      "BAD_STATUS | pos/v1/m001/t0001/status | maybe",
  })
  void refusesWithAReason(RejectReason expected, String topic, String json) {
    assertEquals(expected, reject(topic, json));
  }

  @Test
  void refusesOversizedPayloads() {
    String big = "{\"txn\":\"a\",\"pad\":\"" + "x".repeat(5000) + "\"}";
    assertEquals(RejectReason.TOO_LARGE, reject(TXN_TOPIC, big));
  }

  @Test
  void refusesDeepNesting() {
    String deep = "{\"x\":" + "[".repeat(50) + "]".repeat(50) + "}";
    assertEquals(RejectReason.MALFORMED_JSON, reject(TXN_TOPIC, deep));
  }

  @Test
  void anOrderNumberIsAnIdentifierAndItsLuhnValidDigitsAreNotACard() throws Exception {
    String base = "{\"txn\":\"a\",\"seq\":1,\"event\":\"STARTED\",\"at\":1764468000123,\"amount\":5,\"currency\":\"CNY\",";
    // 202612020000004523 passes the Luhn check but starts like no card: an order number (WeChat Pay's out_trade_no).
    TxnEvent e = (TxnEvent) decode(TXN_TOPIC, base + "\"ref\":\"202612020000004523\"}");
    assertEquals("202612020000004523", e.ref());
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"ref\":\"" + FULL_PAN + "\"}"));
  }

  @Test
  void refusesCardDataWhereverItHides() {
    String base = "{\"txn\":\"a\",\"seq\":1,\"event\":\"AUTHORIZED\",\"at\":1764468000123,\"amount\":5,\"currency\":\"CNY\",";
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"pan\":\"" + FULL_PAN + "\"}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"pan\":\"622848123*****1234\"}"), "9 leading digits");
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"pan\":\"622848******12345\"}"), "5 trailing digits");
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"cardNumber\":\"x\"}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"TRACK2\":\"x\"}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"cvv\":\"123\"}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"pinBlock\":\"00\"}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"extra\":{\"deep\":[\"" + FULL_PAN + "\"]}}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"note\":\"card 6228 4804 0256 4890 018\"}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"rrn\":\"" + FULL_PAN + "\"}"));
    assertEquals(RejectReason.CARD_DATA, reject(TXN_TOPIC, base + "\"nested\":{\"track1\":1}}"));
  }

  @Test
  void rejectionDetailsNeverQuoteThePayload() {
    String base = "{\"txn\":\"a\",\"seq\":1,\"event\":\"AUTHORIZED\",\"at\":1764468000123,\"amount\":5,\"currency\":\"CNY\",";
    RejectedMessageException e = assertThrows(RejectedMessageException.class,
        () -> decode(TXN_TOPIC, base + "\"" + FULL_PAN + "\":\"" + FULL_PAN + "\"}"));
    assertFalse(e.getMessage().contains(FULL_PAN));
    assertFalse(e.detail().contains("6228"));
  }

  @Test
  void maskedPanIsAccepted() throws Exception {
    TxnEvent e = assertInstanceOf(TxnEvent.class, decode(TXN_TOPIC,
        "{\"txn\":\"a\",\"seq\":1,\"event\":\"PRINTED\",\"at\":1764468000123,\"pan\":\"62284804XXXXXXX0018\"}"));
    assertEquals("62284804XXXXXXX0018", e.pan());
  }
}
