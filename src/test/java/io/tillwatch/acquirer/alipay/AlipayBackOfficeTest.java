package io.tillwatch.acquirer.alipay;

import static io.tillwatch.acquirer.Sales.ask;
import static io.tillwatch.acquirer.Sales.assertProblem;
import static io.tillwatch.acquirer.Sales.qr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tillwatch.acquirer.Sales;
import io.tillwatch.acquirer.TestKeys;
import io.tillwatch.acquirer.VertxTest;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.Verdict;
import io.vertx.core.json.JsonObject;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlipayBackOfficeTest extends VertxTest {
  private static final Clock CLOCK = Clock.fixed(Sales.NOW, ZoneOffset.UTC);
  private static final GuardSettings GUARDS = new GuardSettings(Duration.ofSeconds(10), 4, 20, 5, Duration.ofSeconds(30));
  private static final KeyPair APP = TestKeys.merchant();
  private static final KeyPair ALIPAY = TestKeys.platform();

  private FakeAlipay fake;
  private AlipayBackOffice office;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeAlipay(vertx, APP.getPublic(), ALIPAY.getPrivate());
    office = office(APP.getPrivate(), GUARDS);
  }

  private AlipayBackOffice office(PrivateKey appKey, GuardSettings guards) {
    var settings = new AlipaySettings("alipay-main", fake.gatewayUrl(), FakeAlipay.APP_ID, appKey, ALIPAY.getPublic(),
        Duration.ofMinutes(5));
    return new AlipayBackOffice(settings, guards, vertx, CLOCK);
  }

  @AfterEach
  void close() throws Exception {
    office.close();
    fake.close();
  }

  @ParameterizedTest
  @CsvSource({"TRADE_SUCCESS, CHARGED", "TRADE_FINISHED, CHARGED", "TRADE_CLOSED, NOT_CHARGED"})
  void eachTradeStatusIsItsVerdict(String tradeStatus, Verdict expected) throws Exception {
    fake.trade("T0001-20261201-0001", tradeStatus, null);
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertEquals(expected, answer.verdict(), answer::toString);
    assertEquals(tradeStatus, answer.status());
    assertEquals(0, fake.refusedSignatures.get());
  }

  @Test
  void aChargedTradeCarriesTheTradeNumberAndThePaymentTimeInShanghai() throws Exception {
    fake.trade("T0001-20261201-0001", "TRADE_SUCCESS", null);
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertEquals("2026120122001400000000" + Math.abs("T0001-20261201-0001".hashCode() % 1000), answer.reference());
    assertEquals(Instant.parse("2026-12-01T09:58:30Z").toEpochMilli(), answer.chargedAtMs());
    assertEquals("2026-12-01 18:00:00", fake.lastParams.get("timestamp"));
    assertEquals("{\"out_trade_no\":\"T0001-20261201-0001\"}", fake.lastParams.get("biz_content"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"\"send_pay_date\":\"2026-12-01 17:58:30\"", "\"refund_fee\":\"128.50\"",
      "\"refund_amount\":\"1.00\""})
  void aClosedTradeThatWasPaidWasRefunded(String evidence) throws Exception {
    fake.trade("T0001-20261201-0004", "TRADE_CLOSED", evidence);
    assertEquals(Verdict.REVERSED_OR_REFUNDED, ask(office, qr("T0001-20261201-0004", 30)).verdict());
  }

  @Test
  void aClosedTradeWithAZeroRefundWasNotCharged() throws Exception {
    fake.trade("T0001-20261201-0004", "TRADE_CLOSED", "\"refund_fee\":\"0.00\"");
    assertEquals(Verdict.NOT_CHARGED, ask(office, qr("T0001-20261201-0004", 30)).verdict());
  }

  @Test
  void waitingForTheBuyerIsPendingWhileTheSaleIsYoungAndNotChargedAfter() throws Exception {
    fake.trade("T0001-20261201-0002", "WAIT_BUYER_PAY", null);
    assertEquals(Verdict.PENDING, ask(office, qr("T0001-20261201-0002", 4)).verdict());
    assertEquals(Verdict.NOT_CHARGED, ask(office, qr("T0001-20261201-0002", 6)).verdict());
  }

  @Test
  void aTradeAlipayDoesNotKnowWasNotCharged() throws Exception {
    BackOfficeAnswer answer = ask(office, qr("T0001-UNKNOWN", 30));
    assertEquals(Verdict.NOT_CHARGED, answer.verdict());
    assertEquals("ACQ.TRADE_NOT_EXIST", answer.status());
    assertNull(answer.reference());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"code\":\"20000\",\"msg\":\"Service Currently Unavailable\",\"sub_code\":\"isp.unknow-error\"",
      "\"code\":\"40004\",\"msg\":\"Business Failed\",\"sub_code\":\"ACQ.SYSTEM_ERROR\""})
  void alipaysOwnTroubleIsAServerError(String content) throws Exception {
    fake.forcedContent = content;
    assertProblem(LookupProblem.SERVER_ERROR, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void aGatewayErrorIsAServerError() throws Exception {
    fake.forcedHttpStatus = 502;
    assertProblem(LookupProblem.SERVER_ERROR, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void theFakeRefusesARequestSignedWithAnotherAppKey() throws Exception {
    fake.trade("T0001-20261201-0001", "TRADE_SUCCESS", null);
    office.close();
    office = office(TestKeys.rsa().getPrivate(), GUARDS);
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertProblem(LookupProblem.CLIENT_ERROR, answer);
    assertEquals("isv.invalid-signature", answer.status());
    assertEquals(1, fake.refusedSignatures.get());
  }

  @ParameterizedTest
  @CsvSource({"TAMPERED", "UNSIGNED", "WRONG_KEY"})
  void anAnswerWhoseSignCannotBeTrustedIsBadSignature(FakeAlipay.Mode mode) throws Exception {
    fake.trade("T0001-20261201-0003", "TRADE_CLOSED", null);
    fake.mode = mode;
    assertProblem(LookupProblem.BAD_SIGNATURE, ask(office, qr("T0001-20261201-0003", 30)));
  }

  @Test
  void anUnsignedNotFoundIsNotTrusted() throws Exception {
    fake.mode = FakeAlipay.Mode.UNSIGNED;
    assertProblem(LookupProblem.BAD_SIGNATURE, ask(office, qr("T0001-UNKNOWN", 30)));
  }

  @ParameterizedTest
  @CsvSource({"NOT_JSON", "NO_RESPONSE", "DUPLICATE_RESPONSE"})
  void anAnswerNotInTheDocumentedShapeIsMalformed(FakeAlipay.Mode mode) throws Exception {
    fake.trade("T0001-20261201-0001", "TRADE_SUCCESS", null);
    fake.mode = mode;
    assertProblem(LookupProblem.MALFORMED, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void anUnknownTradeStatusIsMalformed() throws Exception {
    fake.trade("T0001-20261201-0001", "TRADE_SOMETHING", null);
    assertProblem(LookupProblem.MALFORMED, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void anAnswerAboutAnotherTradeIsMalformed() throws Exception {
    fake.trades.put("T0001-20261201-0001", "\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"T0001-OTHER\","
        + "\"trade_no\":\"1\",\"trade_status\":\"TRADE_SUCCESS\"");
    assertProblem(LookupProblem.MALFORMED, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    office.close();
    office = office(APP.getPrivate(), new GuardSettings(Duration.ofMillis(200), 4, 20, 5, Duration.ofSeconds(30)));
    fake.mode = FakeAlipay.Mode.SILENT;
    assertProblem(LookupProblem.TIMEOUT, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void anOversizedAnswerIsNotRead() throws Exception {
    fake.mode = FakeAlipay.Mode.HUGE;
    assertProblem(LookupProblem.TOO_LARGE, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void aSaleWithoutOrderNumberIsNotAsked() throws Exception {
    assertProblem(LookupProblem.CLIENT_ERROR, ask(office, qr(null, 30)));
    assertEquals(0, fake.requests.get());
  }

  @Test
  void theSettingsNeverPrintTheKeys() {
    String text = new AlipaySettings("a", "http://x", "1", APP.getPrivate(), ALIPAY.getPublic(), Duration.ZERO).toString();
    assertFalse(text.contains("Key") || text.contains("RSA") || text.contains("modulus"), text);
  }

  @Test
  void theRawResponseTextIsFoundAsSent() {
    String body = "{\"sign\":\"x\", \"alipay_trade_query_response\" : {\"a\":\"}\\\"{\",\"b\":[1,{\"c\":2}]} }";
    assertEquals("{\"a\":\"}\\\"{\",\"b\":[1,{\"c\":2}]}", RawJsonMember.of(body, "alipay_trade_query_response").get());
    assertEquals("\"x\"", RawJsonMember.of(body, "sign").get());
    assertFalse(RawJsonMember.of(new JsonObject().encode(), "sign").isPresent());
  }
}
