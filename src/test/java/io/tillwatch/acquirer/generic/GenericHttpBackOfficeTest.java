package io.tillwatch.acquirer.generic;

import static io.tillwatch.acquirer.Sales.ask;
import static io.tillwatch.acquirer.Sales.assertProblem;
import static io.tillwatch.acquirer.Sales.card;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tillwatch.acquirer.FakeServer;
import io.tillwatch.acquirer.Sales;
import io.tillwatch.acquirer.VertxTest;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.Verdict;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenericHttpBackOfficeTest extends VertxTest {
  private static final Clock CLOCK = Clock.fixed(Sales.NOW, ZoneOffset.UTC);
  private static final GuardSettings GUARDS = new GuardSettings(Duration.ofSeconds(10), 4, 20, 5, Duration.ofSeconds(30));
  private static final String TOKEN = "s3cret-token";
  private static final Map<String, Verdict> STATUSES = Map.of("APPROVED", Verdict.CHARGED, "DECLINED",
      Verdict.NOT_CHARGED, "REVERSED", Verdict.REVERSED_OR_REFUNDED, "PROCESSING", Verdict.PENDING);

  /** The answer body per rrn; absent means 404. */
  private final Map<String, String> sales = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int forcedStatus;
  private volatile boolean silent;
  private volatile String lastUri;
  private FakeServer fake;
  private GenericHttpBackOffice office;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeServer(vertx, this::handle);
    office = office("/generic/sales?merchant={merchant}&terminal={terminal}&txn={txn}&ref={ref}&rrn={rrn}", Verdict.NOT_CHARGED,
        GUARDS);
  }

  private GenericHttpBackOffice office(String pathAndQuery, Verdict notFound, GuardSettings guards) {
    var settings = new GenericHttpSettings("acquirer-bank", new UrlTemplate(fake.baseUrl() + pathAndQuery), "GET",
        Map.of("X-Api-Version", "2"), TOKEN, "/sale/status", "/sale/id", "/sale/at", STATUSES, notFound);
    return new GenericHttpBackOffice(settings, guards, vertx, CLOCK);
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    lastUri = request.uri();
    if (silent) {
      return;
    }
    if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization")) || !"2".equals(request.getHeader("X-Api-Version"))) {
      request.response().setStatusCode(401).end("{\"error\":\"unauthorized\"}");
      return;
    }
    if (forcedStatus != 0) {
      request.response().setStatusCode(forcedStatus).end("oops");
      return;
    }
    String body = sales.get(String.valueOf(request.getParam("rrn")));
    if (body == null) {
      request.response().setStatusCode(404).end();
    } else if (body.equals("BIG")) {
      request.response().end("[\"" + "x".repeat(100 * 1024) + "\"]");
    } else if (body.equals("CUT")) {
      request.response().setChunked(true).write("{\"sale\":{\"sta").onComplete(v -> request.connection().close());
    } else if (body.equals("HUGE")) {
      request.response().setChunked(true).write("[\"" + "x".repeat(100 * 1024)).onComplete(v -> request.response().end("\"]"));
    } else {
      request.response().putHeader("Content-Type", "application/json").end(body);
    }
  }

  @AfterEach
  void close() throws Exception {
    office.close();
    fake.close();
  }

  @ParameterizedTest
  @CsvSource({"APPROVED, CHARGED", "DECLINED, NOT_CHARGED", "REVERSED, REVERSED_OR_REFUNDED", "PROCESSING, PENDING"})
  void eachConfiguredStatusIsItsVerdict(String status, Verdict expected) throws Exception {
    sales.put("433412345678", "{\"sale\":{\"status\":\"" + status + "\",\"id\":\"B-77\",\"at\":\"2026-12-01T09:58:00Z\"}}");
    BackOfficeAnswer answer = ask(office, card("433412345678", null));
    assertEquals(expected, answer.verdict());
    assertEquals(status, answer.status());
    assertEquals("B-77", answer.reference());
    assertEquals(Instant.parse("2026-12-01T09:58:00Z").toEpochMilli(), answer.chargedAtMs());
  }

  @Test
  void theUrlIsFilledWithEncodedValuesAndAbsentQueryFieldsLeftEmpty() throws Exception {
    sales.put("433412345678", "{\"sale\":{\"status\":\"APPROVED\",\"id\":7}}");
    BackOfficeAnswer answer = ask(office, card("433412345678", null));
    assertEquals("/generic/sales?merchant=m%20001&terminal=T0001&txn=abc%2F000123&ref=&rrn=433412345678", lastUri);
    assertEquals("7", answer.reference());
    assertEquals(-1, answer.chargedAtMs());
  }

  @Test
  void aNotFoundMeansWhatIsConfigured() throws Exception {
    assertEquals(Verdict.NOT_CHARGED, ask(office, card("000000000000", null)).verdict());
    office.close();
    office = office("/generic/sales?rrn={rrn}", null, GUARDS);
    assertProblem(LookupProblem.CLIENT_ERROR, ask(office, card("000000000000", null)));
  }

  @Test
  void aFieldThePathNeedsMustBeThere() throws Exception {
    office.close();
    office = office("/generic/sales/{ref}?rrn={rrn}", null, GUARDS);
    BackOfficeAnswer answer = ask(office, card("433412345678", null));
    assertProblem(LookupProblem.CLIENT_ERROR, answer);
    assertEquals(0, requests.get());
  }

  @Test
  void anUnknownPlaceholderIsRefusedAtConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> new UrlTemplate("http://x/{pan}"));
    assertThrows(IllegalArgumentException.class, () -> new UrlTemplate("ftp://x/{rrn}"));
    assertThrows(IllegalArgumentException.class, () -> new UrlTemplate("http://x y/{rrn}"));
  }

  @Test
  void theTokenIsSentAndAWrongOneIsAClientError() throws Exception {
    sales.put("433412345678", "{\"sale\":{\"status\":\"APPROVED\"}}");
    assertEquals(Verdict.CHARGED, ask(office, card("433412345678", null)).verdict());
    var settings = new GenericHttpSettings("acquirer-bank", new UrlTemplate(fake.baseUrl() + "/s?rrn={rrn}"), "GET",
        Map.of("X-Api-Version", "2"), "wrong", "/sale/status", null, null, STATUSES, null);
    try (var wrong = new GenericHttpBackOffice(settings, GUARDS, vertx, CLOCK)) {
      assertProblem(LookupProblem.CLIENT_ERROR, ask(wrong, card("433412345678", null)));
    }
  }

  @ParameterizedTest
  @CsvSource({"500", "503", "429"})
  void serverTroubleIsAServerError(int status) throws Exception {
    forcedStatus = status;
    assertProblem(LookupProblem.SERVER_ERROR, ask(office, card("433412345678", null)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"not json", "{\"sale\":{}}", "{\"sale\":{\"status\":\"WHO_KNOWS\"}}",
      "{\"sale\":{\"status\":{\"nested\":1}}}", "{\"sale\":{\"status\":\"APPROVED\",\"at\":\"yesterday\"}}"})
  void anAnswerWithoutAKnownStatusIsMalformed(String body) throws Exception {
    sales.put("433412345678", body);
    assertProblem(LookupProblem.MALFORMED, ask(office, card("433412345678", null)));
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    office.close();
    office = office("/generic/sales?rrn={rrn}", null, new GuardSettings(Duration.ofMillis(200), 4, 20, 5, Duration.ofSeconds(30)));
    silent = true;
    assertProblem(LookupProblem.TIMEOUT, ask(office, card("433412345678", null)));
  }

  @ParameterizedTest
  @CsvSource({"HUGE", "BIG"})
  void anOversizedAnswerIsNotReadWhetherChunkedOrWithItsLength(String body) throws Exception {
    sales.put("433412345678", body);
    assertProblem(LookupProblem.TOO_LARGE, ask(office, card("433412345678", null)));
  }

  @Test
  void noMoreThanMaxConcurrentQueriesAreInFlight() throws Exception {
    office.close();
    office = office("/generic/sales?rrn={rrn}", null, new GuardSettings(Duration.ofSeconds(3), 2, 20, 5, Duration.ofSeconds(30)));
    silent = true;
    var first = office.lookUp(card("1", null)).toCompletableFuture();
    var second = office.lookUp(card("2", null)).toCompletableFuture();
    await().atMost(Duration.ofSeconds(2)).until(() -> requests.get() == 2);
    var third = office.lookUp(card("3", null)).toCompletableFuture();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> requests.get() == 2);
    for (var answer : List.of(first, second, third)) {
      assertProblem(LookupProblem.TIMEOUT, answer.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void anAnswerCutShortIsATransportProblem() throws Exception {
    sales.put("433412345678", "CUT");
    assertProblem(LookupProblem.TRANSPORT, ask(office, card("433412345678", null)));
  }

  @Test
  void theSettingsNeverPrintTheToken() {
    var settings = new GenericHttpSettings("a", new UrlTemplate("http://x/"), "GET", Map.of("X-Key", "hidden"), TOKEN,
        "/s", null, null, STATUSES, null);
    assertFalse(settings.toString().contains(TOKEN) || settings.toString().contains("hidden"), settings.toString());
    assertNull(settings.notFound());
  }
}
