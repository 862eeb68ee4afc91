package io.tillwatch.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.LongAdder;

/**
 * The acquirer's and wallets' back office for the demo, the simulator and the tests: one HTTP server
 * that answers from the {@link AcquirerLedger} in all three formats at once, by path: WeChat Pay v3
 * ({@link WeChatPayApi}), Alipay's gateway ({@link AlipayApi}) and a generic JSON look-up
 * ({@link GenericSalesApi}). It can also write a merchant's daily bill ({@link Bills}).
 *
 * <p>Design notes. Faults are applied before the format is asked, in this order: inside the outage
 * window every request gets a 503 (or, "silent", no answer at all: the client's timeout ends it); then
 * with the error rate a server error in the format's own words; then with the slow rate the answer is
 * held back. A sale is "in progress" for {@code pendingFor} after it reached the acquirer. The random
 * source is seeded, so a run's faults repeat. Requests are small (a look-up); bodies above 64 KiB are
 * refused with 413.
 *
 * <pre>{@code
 * BackOfficeKeys keys = BackOfficeKeys.generate();
 * SimulatedBackOffice bo = SimulatedBackOffice.start(vertx, sim.ledger(), BackOfficeIds.of(opts), keys.merchant().getPublic(),
 *     keys.platform().getPrivate(), keys.platformSerial(), BackOfficeFaults.DEFAULTS, "127.0.0.1", 0, 7).await();
 * }</pre>
 */
public final class SimulatedBackOffice {
  private static final int MAX_BODY = 64 * 1024;

  private final Vertx vertx;
  private final HttpServer server;
  private final BackOfficeFaults faults;
  private final AcquirerLedger ledger;
  private final BackOfficeIds ids;
  private final WeChatPayApi wechat;
  private final AlipayApi alipay;
  private final GenericSalesApi generic;
  private final Random rnd;
  private final long startedAtMs;
  private final LongAdder requests = new LongAdder();
  private final LongAdder injectedErrors = new LongAdder();
  private final LongAdder outageRefusals = new LongAdder();
  private final LongAdder slowAnswers = new LongAdder();

  private SimulatedBackOffice(Vertx vertx, AcquirerLedger ledger, BackOfficeIds ids, PublicKey merchantPublic, PrivateKey platformPrivate,
      String platformSerial, BackOfficeFaults faults, String genericToken, long seed) {
    this.vertx = vertx;
    this.faults = faults;
    this.ledger = ledger;
    this.ids = ids;
    this.rnd = new Random(seed);
    this.startedAtMs = System.currentTimeMillis();
    this.wechat = new WeChatPayApi(ledger, ids, merchantPublic, platformPrivate, platformSerial, System::currentTimeMillis, rnd);
    this.alipay = new AlipayApi(ledger, ids, merchantPublic, platformPrivate, System::currentTimeMillis, rnd);
    this.generic = new GenericSalesApi(ledger, genericToken, System::currentTimeMillis);
    this.server = vertx.createHttpServer(new HttpServerOptions().setMaxFormAttributeSize(MAX_BODY));
    server.requestHandler(this::handle);
  }

  /**
   * Starts listening.
   *
   * @param merchantPublic  verifies the merchants' request signatures (WeChat Pay and Alipay)
   * @param platformPrivate signs the answers (the daemon verifies with its public half)
   * @param platformSerial  the platform key's id, sent as {@code Wechatpay-Serial}
   * @param genericToken    bearer token the generic API requires; null for none
   * @param port            0 picks a free port ({@link #port()})
   */
  public static Future<SimulatedBackOffice> start(Vertx vertx, AcquirerLedger ledger, BackOfficeIds ids, PublicKey merchantPublic,
      PrivateKey platformPrivate, String platformSerial, BackOfficeFaults faults, String genericToken, String host, int port,
      long seed) {
    SimulatedBackOffice bo = new SimulatedBackOffice(vertx, ledger, ids, merchantPublic, platformPrivate, platformSerial, faults,
        genericToken, seed);
    return bo.server.listen(port, host).map(s -> bo);
  }

  /** Starts with the keys of {@code keys}. */
  public static Future<SimulatedBackOffice> start(Vertx vertx, AcquirerLedger ledger, BackOfficeIds ids, BackOfficeKeys keys,
      BackOfficeFaults faults, String host, int port, long seed) {
    return start(vertx, ledger, ids, keys.merchant().getPublic(), keys.platform().getPrivate(), keys.platformSerial(), faults, null,
        host, port, seed);
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }

  /** Writes that day's bill of a merchant in a format. */
  public Bills bills() {
    return new Bills(ledger, ids);
  }

  /** Requests received, server errors injected, requests refused or left unanswered by the outage, answers held back. */
  public Map<String, Long> stats() {
    return Map.of("requests", requests.sum(), "injectedErrors", injectedErrors.sum(), "outageRefusals", outageRefusals.sum(),
        "slowAnswers", slowAnswers.sum());
  }

  private void handle(HttpServerRequest req) {
    requests.increment();
    if (faults.inOutage(System.currentTimeMillis() - startedAtMs)) {
      outageRefusals.increment();
      if (!faults.outageSilent()) {
        req.response().setStatusCode(503).putHeader("Content-Type", "text/plain").end("Service Unavailable");
      }
      return; // silent: never answered; the client's timeout (or our close) ends it
    }
    if (tooLarge(req.getHeader("Content-Length"))) {
      // Read and drop the body, then answer and close: answering or closing while the client still
      // sends makes TCP reset the connection, and the reset can destroy the 413 before the client
      // has read it (seen: "header parser received no bytes", now and then). Nothing is kept.
      req.handler(ignored -> { });
      req.endHandler(v -> req.response().setStatusCode(413).putHeader("Connection", "close").end());
      return;
    }
    req.body().onSuccess(body -> {
      if (body.length() > MAX_BODY) {
        req.response().setStatusCode(413).end();
        return;
      }
      HttpAnswer answer = answer(req, body);
      if (rnd.nextDouble() < faults.slowRate() && faults.slowDelay().toMillis() > 0) {
        slowAnswers.increment();
        vertx.setTimer(faults.slowDelay().toMillis(), t -> write(req, answer));
      } else {
        write(req, answer);
      }
    }).onFailure(e -> req.connection().close());
  }

  /** A declared body above the limit (a look-up is a few hundred bytes); the read below also checks. */
  private static boolean tooLarge(String contentLength) {
    if (contentLength == null) {
      return false;
    }
    String v = contentLength.trim();
    return v.length() > 9 || !v.chars().allMatch(Character::isDigit) || !v.isEmpty() && Integer.parseInt(v) > MAX_BODY;
  }

  private HttpAnswer answer(HttpServerRequest req, Buffer body) {
    String path = req.path();
    String uri = req.uri();
    long pendingMs = faults.pendingFor().toMillis();
    boolean error = rnd.nextDouble() < faults.errorRate();
    if (path.startsWith(WeChatPayApi.PATH_PREFIX) && path.length() > WeChatPayApi.PATH_PREFIX.length()) {
      if (error) {
        injectedErrors.increment();
        return wechat.serverError();
      }
      return wechat.query(req.method().name(), uri, req.getHeader("Authorization"), pendingMs);
    }
    if (path.equals(AlipayApi.PATH)) {
      if (error) {
        injectedErrors.increment();
        return rnd.nextBoolean() ? alipay.serverError() : new HttpAnswer(502, Map.of("Content-Type", "text/html"), "<html>502 Bad Gateway</html>");
      }
      return alipay.query(req.method().name(), req.query(), body.toString(StandardCharsets.UTF_8), pendingMs);
    }
    if (path.equals(GenericSalesApi.PATH)) {
      if (error) {
        injectedErrors.increment();
        return generic.serverError();
      }
      return generic.query(req.method().name(), req.query(), req.getHeader("Authorization"), pendingMs);
    }
    return HttpAnswer.json(404, "{\"error\":\"no such path\"}");
  }

  private static void write(HttpServerRequest req, HttpAnswer a) {
    var resp = req.response().setStatusCode(a.status());
    a.headers().forEach(resp::putHeader);
    resp.end(a.body());
  }
}
