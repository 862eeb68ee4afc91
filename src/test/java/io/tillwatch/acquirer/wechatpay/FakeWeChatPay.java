package io.tillwatch.acquirer.wechatpay;

import io.tillwatch.acquirer.FakeServer;
import io.tillwatch.acquirer.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WeChat Pay API v3's order query as published: checks each request's merchant signature (401
 * SIGN_ERROR when it does not verify) and signs each answer with the platform key, or misbehaves as
 * told.
 */
public final class FakeWeChatPay implements AutoCloseable {
  enum Mode { NORMAL, SILENT, HUGE, NOT_JSON, TAMPERED, UNSIGNED, STALE, FUTURE, WRONG_KEY, OTHER_SERIAL }

  public static final String MCHID = "1900000001";
  public static final String MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A72";
  public static final String PLATFORM_SERIAL = "PUB_KEY_ID_0114";
  private static final Pattern PATH = Pattern.compile("/v3/pay/transactions/out-trade-no/([^/?]+)");
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  final Map<String, JsonObject> orders = new ConcurrentHashMap<>();
  final AtomicInteger refusedSignatures = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  volatile Mode mode = Mode.NORMAL;
  /** When set, every signed answer has this status and body instead. */
  volatile int forcedStatus;
  volatile String forcedBody;
  volatile String lastUri;

  private final PublicKey merchantPublic;
  private final PrivateKey platformPrivate;
  /** Not the platform's key: what an impostor signs with. */
  private static final PrivateKey STRANGER = TestKeys.rsa().getPrivate();
  private final Clock clock;
  private final FakeServer server;

  public FakeWeChatPay(Vertx vertx, PublicKey merchantPublic, PrivateKey platformPrivate, Clock clock) throws Exception {
    this.merchantPublic = merchantPublic;
    this.platformPrivate = platformPrivate;
    this.clock = clock;
    this.server = new FakeServer(vertx, this::handle);
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public void order(String outTradeNo, String tradeState) {
    JsonObject o = new JsonObject().put("mchid", MCHID).put("appid", "wxd678efh567hg6787")
        .put("out_trade_no", outTradeNo).put("trade_state", tradeState).put("trade_state_desc", "desc")
        .put("amount", new JsonObject().put("total", 12850).put("currency", "CNY"));
    if (!tradeState.equals("NOTPAY") && !tradeState.equals("CLOSED")) {
      o.put("transaction_id", "42000012342026120" + outTradeNo.hashCode()).put("success_time", "2026-12-01T17:58:30+08:00");
    }
    orders.put(outTradeNo, o);
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    lastUri = request.uri();
    if (mode == Mode.SILENT) {
      return;
    }
    if (mode == Mode.HUGE) {
      request.response().setChunked(true).putHeader("Content-Type", "application/json");
      request.response().write("{\"pad\":\"" + "x".repeat(100 * 1024)).onComplete(v -> request.response().end("\"}"));
      return;
    }
    Matcher path = PATH.matcher(request.path());
    if (!request.method().name().equals("GET") || !path.matches()) {
      answer(request, 404, new JsonObject().put("code", "NOT_FOUND").put("message", "no such API").encode());
      return;
    }
    if (!requestSignatureVerifies(request)) {
      refusedSignatures.incrementAndGet();
      answer(request, 401, new JsonObject().put("code", "SIGN_ERROR").put("message", "签名错误").encode());
      return;
    }
    if (forcedStatus != 0) {
      answer(request, forcedStatus, forcedBody);
      return;
    }
    String outTradeNo = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
    JsonObject order = orders.get(outTradeNo);
    if (order == null) {
      answer(request, 404, new JsonObject().put("code", "ORDER_NOT_EXIST").put("message", "订单不存在").encode());
    } else if (mode == Mode.NOT_JSON) {
      answer(request, 200, "<html>hello</html>");
    } else {
      answer(request, 200, order.encode());
    }
  }

  private boolean requestSignatureVerifies(HttpServerRequest request) {
    String auth = request.getHeader("Authorization");
    if (auth == null || !auth.startsWith("WECHATPAY2-SHA256-RSA2048 ")) {
      return false;
    }
    Map<String, String> p = new HashMap<>();
    Matcher m = PARAM.matcher(auth);
    while (m.find()) {
      p.put(m.group(1), m.group(2));
    }
    if (!MCHID.equals(p.get("mchid")) || !MERCHANT_SERIAL.equals(p.get("serial_no"))
        || !MCHID.equals(request.getParam("mchid")) || p.get("signature") == null) {
      return false;
    }
    long ts = Long.parseLong(p.getOrDefault("timestamp", "0"));
    if (Math.abs(clock.instant().getEpochSecond() - ts) > 300) {
      return false;
    }
    String message = request.method().name() + "\n" + request.uri() + "\n" + ts + "\n" + p.get("nonce_str") + "\n\n";
    return TestKeys.verifies(merchantPublic, message.getBytes(StandardCharsets.UTF_8), p.get("signature"));
  }

  private void answer(HttpServerRequest request, int status, String body) {
    var response = request.response().setStatusCode(status).putHeader("Content-Type", "application/json");
    long ts = clock.instant().getEpochSecond() + (mode == Mode.STALE ? -301 : mode == Mode.FUTURE ? 301 : 0);
    String nonce = "fake-nonce-" + requests.get();
    String signature = TestKeys.sign(mode == Mode.WRONG_KEY ? STRANGER : platformPrivate,
        (ts + "\n" + nonce + "\n" + body + "\n").getBytes(StandardCharsets.UTF_8));
    if (mode != Mode.UNSIGNED) {
      response.putHeader("Wechatpay-Timestamp", Long.toString(ts)).putHeader("Wechatpay-Nonce", nonce)
          .putHeader("Wechatpay-Signature", signature)
          .putHeader("Wechatpay-Serial", mode == Mode.OTHER_SERIAL ? "PUB_KEY_ID_OTHER" : PLATFORM_SERIAL);
    }
    response.end(mode == Mode.TAMPERED ? body.replace("NOTPAY", "SUCCESS").replace("CLOSED", "SUCCESS") : body);
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
