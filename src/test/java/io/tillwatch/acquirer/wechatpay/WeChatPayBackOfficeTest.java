package io.tillwatch.acquirer.wechatpay;

import static io.tillwatch.acquirer.Sales.ask;
import static io.tillwatch.acquirer.Sales.assertProblem;
import static io.tillwatch.acquirer.Sales.qr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.acquirer.Sales;
import io.tillwatch.acquirer.TestKeys;
import io.tillwatch.acquirer.VertxTest;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.Verdict;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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

class WeChatPayBackOfficeTest extends VertxTest {
  private static final Clock CLOCK = Clock.fixed(Sales.NOW, ZoneOffset.UTC);
  private static final GuardSettings GUARDS = new GuardSettings(Duration.ofSeconds(10), 4, 20, 5, Duration.ofSeconds(30));
  private static final KeyPair MERCHANT = TestKeys.merchant();
  private static final KeyPair PLATFORM = TestKeys.platform();

  private FakeWeChatPay fake;
  private WeChatPayBackOffice office;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeWeChatPay(vertx, MERCHANT.getPublic(), PLATFORM.getPrivate(), CLOCK);
    office = office(MERCHANT.getPrivate(), FakeWeChatPay.PLATFORM_SERIAL, GUARDS);
  }

  private WeChatPayBackOffice office(PrivateKey merchantKey, String platformSerial, GuardSettings guards) {
    var settings = new WeChatPaySettings("wechat-main", fake.baseUrl(), FakeWeChatPay.MCHID,
        FakeWeChatPay.MERCHANT_SERIAL, merchantKey, PLATFORM.getPublic(), platformSerial, Duration.ofMinutes(5));
    return new WeChatPayBackOffice(settings, guards, vertx, CLOCK, () -> "NONCE0001");
  }

  @AfterEach
  void close() throws Exception {
    office.close();
    fake.close();
  }

  @ParameterizedTest
  @CsvSource({"SUCCESS, CHARGED", "REFUND, REVERSED_OR_REFUNDED", "CLOSED, NOT_CHARGED", "REVOKED, NOT_CHARGED",
      "USERPAYING, PENDING", "PAYERROR, NOT_CHARGED", "ACCEPT, PENDING"})
  void eachTradeStateIsItsVerdict(String tradeState, Verdict expected) throws Exception {
    fake.order("T0001-20261201-0001", tradeState);
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertEquals(expected, answer.verdict());
    assertEquals(tradeState, answer.status());
    assertEquals(LookupProblem.NONE, answer.problem());
    assertEquals(Sales.NOW.toEpochMilli(), answer.answeredAtMs());
    assertEquals(0, fake.refusedSignatures.get());
  }

  @Test
  void aChargedOrderCarriesTheTransactionIdAndTheTimeOfPayment() throws Exception {
    fake.order("T0001-20261201-0001", "SUCCESS");
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertEquals(fake.orders.get("T0001-20261201-0001").getString("transaction_id"), answer.reference());
    assertEquals(Instant.parse("2026-12-01T09:58:30Z").toEpochMilli(), answer.chargedAtMs());
    assertEquals("/v3/pay/transactions/out-trade-no/T0001-20261201-0001?mchid=1900000001", fake.lastUri);
  }

  @Test
  void notPaidIsPendingWhileTheSaleIsYoungAndNotChargedAfter() throws Exception {
    fake.order("T0001-20261201-0002", "NOTPAY");
    assertEquals(Verdict.PENDING, ask(office, qr("T0001-20261201-0002", 4)).verdict());
    assertEquals(Verdict.NOT_CHARGED, ask(office, qr("T0001-20261201-0002", 6)).verdict());
  }

  @Test
  void anOrderWeChatPayDoesNotKnowWasNotCharged() throws Exception {
    BackOfficeAnswer answer = ask(office, qr("T0001-UNKNOWN", 30));
    assertEquals(Verdict.NOT_CHARGED, answer.verdict());
    assertEquals("ORDER_NOT_EXIST", answer.status());
    assertNull(answer.reference());
  }

  @Test
  void anUnsignedNotFoundIsNotTrusted() throws Exception {
    fake.mode = FakeWeChatPay.Mode.UNSIGNED;
    assertProblem(LookupProblem.BAD_SIGNATURE, ask(office, qr("T0001-UNKNOWN", 30)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"500|{\"code\":\"SYSTEM_ERROR\",\"message\":\"busy\"}",
      "429|{\"code\":\"FREQUENCY_LIMITED\",\"message\":\"slow down\"}", "502|<html>bad gateway</html>"})
  void serverTroubleIsUnreachable(int status, String body) throws Exception {
    fake.forcedStatus = status;
    fake.forcedBody = body;
    assertProblem(LookupProblem.SERVER_ERROR, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void anUnsignedGatewayErrorIsStillAServerError() throws Exception {
    fake.forcedStatus = 503;
    fake.forcedBody = "upstream down";
    fake.mode = FakeWeChatPay.Mode.UNSIGNED;
    assertProblem(LookupProblem.SERVER_ERROR, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void theFakeRefusesARequestSignedWithAnotherMerchantKey() throws Exception {
    fake.order("T0001-20261201-0001", "SUCCESS");
    office.close();
    office = office(TestKeys.rsa().getPrivate(), FakeWeChatPay.PLATFORM_SERIAL, GUARDS);
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertProblem(LookupProblem.CLIENT_ERROR, answer);
    assertEquals("SIGN_ERROR", answer.status());
    assertEquals(1, fake.refusedSignatures.get());
  }

  @ParameterizedTest
  @CsvSource({"TAMPERED", "UNSIGNED", "STALE", "FUTURE", "WRONG_KEY", "OTHER_SERIAL"})
  void anAnswerWhoseSignatureCannotBeTrustedIsBadSignature(FakeWeChatPay.Mode mode) throws Exception {
    fake.order("T0001-20261201-0003", "CLOSED");
    fake.mode = mode;
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0003", 30));
    assertProblem(LookupProblem.BAD_SIGNATURE, answer);
    assertNull(answer.reference());
  }

  @Test
  void withoutAConfiguredSerialAnySerialIsAcceptedButTheSignatureStillCounts() throws Exception {
    office.close();
    office = office(MERCHANT.getPrivate(), null, GUARDS);
    fake.order("T0001-20261201-0003", "CLOSED");
    fake.mode = FakeWeChatPay.Mode.OTHER_SERIAL;
    assertEquals(Verdict.NOT_CHARGED, ask(office, qr("T0001-20261201-0003", 30)).verdict());
    fake.mode = FakeWeChatPay.Mode.WRONG_KEY;
    assertProblem(LookupProblem.BAD_SIGNATURE, ask(office, qr("T0001-20261201-0003", 30)));
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    office.close();
    office = office(MERCHANT.getPrivate(), FakeWeChatPay.PLATFORM_SERIAL,
        new GuardSettings(Duration.ofMillis(200), 4, 20, 5, Duration.ofSeconds(30)));
    fake.mode = FakeWeChatPay.Mode.SILENT;
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertProblem(LookupProblem.TIMEOUT, answer);
  }

  @Test
  void anOversizedAnswerIsNotRead() throws Exception {
    fake.mode = FakeWeChatPay.Mode.HUGE;
    assertProblem(LookupProblem.TOO_LARGE, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void aSignedAnswerThatIsNotJsonIsMalformed() throws Exception {
    fake.order("T0001-20261201-0001", "SUCCESS");
    fake.mode = FakeWeChatPay.Mode.NOT_JSON;
    assertProblem(LookupProblem.MALFORMED, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void anUnknownTradeStateIsMalformed() throws Exception {
    fake.order("T0001-20261201-0001", "SOMETHING_NEW");
    BackOfficeAnswer answer = ask(office, qr("T0001-20261201-0001", 30));
    assertProblem(LookupProblem.MALFORMED, answer);
    assertEquals("SOMETHING_NEW", answer.status());
  }

  @Test
  void anAnswerAboutAnotherOrderIsMalformed() throws Exception {
    fake.order("T0001-20261201-0001", "SUCCESS");
    fake.orders.get("T0001-20261201-0001").put("out_trade_no", "T0001-OTHER");
    assertProblem(LookupProblem.MALFORMED, ask(office, qr("T0001-20261201-0001", 30)));
    fake.order("T0001-20261201-0001", "SUCCESS");
    fake.orders.get("T0001-20261201-0001").put("mchid", "1900000002");
    assertProblem(LookupProblem.MALFORMED, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void aSaleWithoutOrderNumberIsNotAsked() throws Exception {
    assertProblem(LookupProblem.CLIENT_ERROR, ask(office, qr(null, 30)));
    assertEquals(0, fake.requests.get());
  }

  @Test
  void aKeyThatCannotSignIsAnAnswerNotAnException() throws Exception {
    office.close();
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    office = office(ec.generateKeyPair().getPrivate(), FakeWeChatPay.PLATFORM_SERIAL, GUARDS);
    assertProblem(LookupProblem.CLIENT_ERROR, ask(office, qr("T0001-20261201-0001", 30)));
    assertEquals(0, fake.requests.get());
  }

  @Test
  void aClosedAdapterAnswersUnreachable() throws Exception {
    office.close();
    assertProblem(LookupProblem.TRANSPORT, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void aBackOfficeThatIsDownIsATransportProblem() throws Exception {
    fake.close();
    assertProblem(LookupProblem.TRANSPORT, ask(office, qr("T0001-20261201-0001", 30)));
  }

  @Test
  void theSettingsNeverPrintTheKeys() {
    var settings = new WeChatPaySettings("wechat-main", "http://x", "1", "S", MERCHANT.getPrivate(),
        PLATFORM.getPublic(), null, Duration.ofMinutes(5));
    assertTrue(!settings.toString().contains("Key") && !settings.toString().contains("RSA"), settings.toString());
  }
}
