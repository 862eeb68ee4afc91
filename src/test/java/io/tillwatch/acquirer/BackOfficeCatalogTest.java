package io.tillwatch.acquirer;

import static io.tillwatch.acquirer.Sales.ask;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.acquirer.wechatpay.FakeWeChatPay;
import io.tillwatch.backoffice.ConfiguredBackOffice;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.Verdict;
import io.tillwatch.telemetry.PaymentMethod;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackOfficeCatalogTest extends VertxTest {
  private static final Clock CLOCK = Clock.fixed(Sales.NOW, ZoneOffset.UTC);
  private static final KeyPair MERCHANT = TestKeys.merchant();
  private static final KeyPair PLATFORM = TestKeys.platform();

  @TempDir
  Path dir;

  @BeforeEach
  void keyFiles() throws Exception {
    TestKeys.privatePem(dir, "merchant.pem", MERCHANT.getPrivate());
    TestKeys.publicPem(dir, "platform.pem", PLATFORM.getPublic());
    TestKeys.certificatePem(dir, "platform-cert.pem", PLATFORM);
    Files.writeString(dir.resolve("token"), "s3cret-token\n");
  }

  private String wechat(String name, String baseUrl, String platformFile) {
    return """
          - name: %s
            type: wechatpay
            baseUrl: %s
            mchid: 1900000001
            merchantSerialNo: "5157F09EFDC096DE15EBE81A47057A72"
            merchantPrivateKeyFile: %s
            platformPublicKeyFile: %s
            platformSerialNo: PUB_KEY_ID_0114
            timeout: 3s
            maxConcurrent: 2
            ratePerSecond: 2.5
            breakerFailures: 3
            breakerOpenFor: 1m
            youngSaleFor: 10m
        """.formatted(name, baseUrl, dir.resolve("merchant.pem"), platformFile);
  }

  private static final String ALIPAY = """
        - name: alipay-main
          type: alipay
          gatewayUrl: https://openapi.alipay.com/gateway.do
          appId: "2021000123456789"
          appPrivateKeyFile: merchant.pem
          alipayPublicKeyFile: platform.pem
      """;

  private static final String GENERIC = """
        - name: acquirer-bank
          type: http
          url: "https://gw.example/sales?merchant={merchant}&rrn={rrn}"
          headers: {X-Api-Version: "2"}
          bearerTokenFile: token
          statusPointer: /sale/status
          referencePointer: /sale/id
          statuses: {APPROVED: CHARGED, DECLINED: NOT_CHARGED, REVERSED: REVERSED_OR_REFUNDED, PROCESSING: PENDING}
          notFound: NOT_CHARGED
      """;

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("backoffice.yaml"), text);
  }

  @Test
  void theDocumentedFileGivesEachBackOfficeItsGuardsAndTheRoutesInOrder() throws Exception {
    Path f = file("backOffices:\n" + wechat("wechat-main", "https://api.mch.weixin.qq.com", "platform-cert.pem")
        + ALIPAY + GENERIC + """
        routes:
          - {merchant: m001, method: QR, backOffice: wechat-main}
          - {merchant: m001, method: wallet, backOffice: alipay-main}
          - {merchant: "*", backOffice: acquirer-bank}
        """);
    try (BackOfficeCatalog catalog = BackOfficeCatalog.load(f, vertx, CLOCK)) {
      assertEquals(List.of("wechat-main", "alipay-main", "acquirer-bank"),
          catalog.backOffices().stream().map(ConfiguredBackOffice::name).toList());
      assertEquals(new GuardSettings(Duration.ofSeconds(3), 2, 2.5, 3, Duration.ofMinutes(1)),
          catalog.find("wechat-main").orElseThrow().guards());
      assertEquals(GuardSettings.DEFAULTS, catalog.find("alipay-main").orElseThrow().guards());
      assertEquals(Optional.of("wechat-main"), catalog.router().route("m001", PaymentMethod.QR));
      assertEquals(Optional.of("alipay-main"), catalog.router().route("m001", PaymentMethod.WALLET));
      assertEquals(Optional.of("acquirer-bank"), catalog.router().route("m001", PaymentMethod.CARD));
      assertEquals(Optional.of("acquirer-bank"), catalog.router().route("m002", null));
    }
  }

  @Test
  void noRouteIsNoBackOffice() throws Exception {
    Path f = file("backOffices:\n" + ALIPAY + "routes:\n  - {merchant: m001, backOffice: alipay-main}\n");
    try (BackOfficeCatalog catalog = BackOfficeCatalog.load(f, vertx, CLOCK)) {
      assertEquals(Optional.empty(), catalog.router().route("m002", PaymentMethod.QR));
    }
  }

  @Test
  void anEmptyFileIsAnEmptyCatalog() throws Exception {
    try (BackOfficeCatalog catalog = BackOfficeCatalog.load(file(""), vertx, CLOCK)) {
      assertTrue(catalog.backOffices().isEmpty());
      assertEquals(Optional.empty(), catalog.router().route("m001", PaymentMethod.QR));
    }
  }

  @Test
  void aLoadedWeChatPayAdapterSignsWithTheKeyFileAndTrustsTheCertificateFile() throws Exception {
    try (FakeWeChatPay fake = new FakeWeChatPay(vertx, MERCHANT.getPublic(), PLATFORM.getPrivate(), CLOCK)) {
      fake.order("T0001-20261201-0001", "SUCCESS");
      Path f = file("backOffices:\n" + wechat("wechat-main", fake.baseUrl(), dir.resolve("platform-cert.pem").toString()));
      try (BackOfficeCatalog catalog = BackOfficeCatalog.load(f, vertx, CLOCK)) {
        var office = catalog.find("wechat-main").orElseThrow().backOffice();
        assertEquals(Verdict.CHARGED, ask(office, Sales.qr("T0001-20261201-0001", 1)).verdict());
      }
    }
  }

  @Test
  void aLoadedGenericAdapterSendsTheTokenFromItsFile() throws Exception {
    try (FakeServer fake = new FakeServer(vertx, req -> req.response().setStatusCode(
        "Bearer s3cret-token".equals(req.getHeader("Authorization")) ? 200 : 401).end("{\"sale\":{\"status\":\"DECLINED\"}}"))) {
      Path f = file("backOffices:\n" + GENERIC.replace("https://gw.example", fake.baseUrl()));
      try (BackOfficeCatalog catalog = BackOfficeCatalog.load(f, vertx, CLOCK)) {
        var office = catalog.find("acquirer-bank").orElseThrow().backOffice();
        assertEquals(Verdict.NOT_CHARGED, ask(office, Sales.card("433412345678", null)).verdict());
      }
    }
  }

  @Test
  void valuesAreTextAsWrittenNotYamlNumbers() throws Exception {
    try (FakeServer fake = new FakeServer(vertx, req -> req.response().setStatusCode(
        "0170".equals(req.getHeader("X-Shop")) ? 200 : 400).end("{\"sale\":{\"status\":\"1.10\"}}"))) {
      Path f = file("backOffices:\n" + GENERIC.replace("https://gw.example", fake.baseUrl())
          .replace("{X-Api-Version: \"2\"}", "{X-Shop: 0170}").replace("PROCESSING: PENDING", "1.10: PENDING"));
      try (BackOfficeCatalog catalog = BackOfficeCatalog.load(f, vertx, CLOCK)) {
        var office = catalog.find("acquirer-bank").orElseThrow().backOffice();
        assertEquals(Verdict.PENDING, ask(office, Sales.card("433412345678", null)).verdict());
      }
    }
  }

  @Test
  void anUnknownTypeIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY.replace("type: alipay", "type: paypal"),
        "back office 'alipay-main': type: 'paypal' is not one of wechatpay, alipay, http");
  }

  @Test
  void aMissingKeyFileIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY.replace("merchant.pem", "nowhere.pem"),
        "back office 'alipay-main': appPrivateKeyFile: no such file " + dir.resolve("nowhere.pem"));
  }

  @Test
  void anUnreadablePemIsNamedWithoutItsContent() throws Exception {
    Files.writeString(dir.resolve("merchant.pem"), "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----\n");
    String message = assertError("backOffices:\n" + ALIPAY,
        "back office 'alipay-main': appPrivateKeyFile: " + dir.resolve("merchant.pem") + " is not a readable PKCS#8");
    assertFalse(message.contains("c2VjcmV0"), message);
  }

  @Test
  void aPrivateKeyWhereThePublicKeyBelongsIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY.replace("alipayPublicKeyFile: platform.pem", "alipayPublicKeyFile: merchant.pem"),
        "alipayPublicKeyFile: " + dir.resolve("merchant.pem") + " holds a PRIVATE KEY, not a public key");
  }

  @Test
  void aFileThatIsNotPemIsNamed() throws Exception {
    Files.writeString(dir.resolve("platform.pem"), "hunter2");
    String message = assertError("backOffices:\n" + ALIPAY, "alipayPublicKeyFile: " + dir.resolve("platform.pem")
        + " is not a PEM file");
    assertFalse(message.contains("hunter2"), message);
  }

  @Test
  void aBadDurationIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY + "    timeout: soon\n",
        "back office 'alipay-main': timeout: 'soon' is not a duration like 250ms, 5s, 2m or 1h");
    assertError("backOffices:\n" + ALIPAY + "    youngSaleFor: 0s\n", "youngSaleFor: '0s' must be more than zero");
  }

  @Test
  void aBadNumberIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY + "    maxConcurrent: 0\n", "back office 'alipay-main': maxConcurrent: '0'");
  }

  @Test
  void aNameUsedTwiceIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY + ALIPAY, "back office 'alipay-main': name: used twice");
  }

  @Test
  void aRouteToAnUnknownBackOfficeIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY + "routes:\n  - {merchant: m001, backOffice: wechat-main}\n",
        "route #1: backOffice: no back office is named 'wechat-main'");
  }

  @Test
  void aRouteWithAnUnknownMethodIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY + "routes:\n  - {merchant: m001, method: CASH, backOffice: alipay-main}\n",
        "route #1: method: 'CASH' is not one of");
  }

  @Test
  void aNameThatCannotLabelAMetricIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY.replace("alipay-main", "Alipay Main"),
        "back office 'Alipay Main': name: 'Alipay Main' must be 1 to 32 of a-z, 0-9 and '-'");
  }

  @Test
  void aMissingFieldIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY.replace("appId: \"2021000123456789\"", "appIdd: \"2021000123456789\""),
        "back office 'alipay-main': appId: missing");
  }

  @Test
  void aMisspeltKeyIsNamed() throws Exception {
    assertError("backOffices:\n" + ALIPAY + "    timout: 1s\n", "back office 'alipay-main': timout: unknown key");
    assertError("backOffices:\n" + GENERIC + "    youngSaleFor: 5m\n", "back office 'acquirer-bank': youngSaleFor: unknown key");
    assertError("backoffices: []\n", "top level: backoffices: unknown key");
  }

  @Test
  void anInlineSecretHeaderIsRefused() throws Exception {
    String message = assertError("backOffices:\n" + GENERIC.replace("{X-Api-Version: \"2\"}", "{Authorization: Bearer abc}"),
        "headers: Authorization would put a secret in the file: use bearerTokenFile");
    assertFalse(message.contains("abc"), message);
  }

  @Test
  void aTokenFileOfManyLinesIsRefusedWithoutItsContent() throws Exception {
    Files.writeString(dir.resolve("token"), "line-one\nline-two\n");
    String message = assertError("backOffices:\n" + GENERIC, "bearerTokenFile: " + dir.resolve("token")
        + " must hold one non-empty line");
    assertFalse(message.contains("line-one"), message);
  }

  @Test
  void badGenericMappingsAreNamed() throws Exception {
    assertError("backOffices:\n" + GENERIC.replace("PROCESSING: PENDING", "PROCESSING: UNREACHABLE"),
        "statuses: 'UNREACHABLE' is not one of");
    assertError("backOffices:\n" + GENERIC.replace("notFound: NOT_CHARGED", "notFound: GONE"), "notFound: 'GONE' is not one of");
    assertError("backOffices:\n" + GENERIC.replace("statusPointer: /sale/status", "statusPointer: sale.status"),
        "statusPointer: 'sale.status' is not a JSON Pointer");
    assertError("backOffices:\n" + GENERIC.replace("{merchant}", "{pan}"), "url: unknown placeholder {pan}");
    assertError("backOffices:\n" + GENERIC + "    httpMethod: DELETE\n", "httpMethod: 'DELETE' is not GET or POST");
  }

  @Test
  void aFileThatIsNotYamlIsNamed() throws Exception {
    assertError("backOffices: [\n", "is not valid YAML");
    assertError("- just a list\n", "must be a mapping with backOffices and routes");
  }

  private String assertError(String yaml, String expected) throws Exception {
    Path f = file(yaml);
    BackOfficeConfigException e = assertThrows(BackOfficeConfigException.class, () -> BackOfficeCatalog.load(f, vertx, CLOCK));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(expected), () -> "expected <" + expected + "> in <" + e.getMessage() + ">");
    return e.getMessage();
  }
}
