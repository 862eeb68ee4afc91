package io.tillwatch.acquirer.alipay;

import io.tillwatch.acquirer.FakeServer;
import io.tillwatch.acquirer.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Alipay's gateway for {@code alipay.trade.query} as published: checks each request's RSA2 sign with
 * the application's public key (40002 isv.invalid-signature otherwise) and signs the raw text of the
 * response object with the Alipay private key. The response text uses escapes ({@code \/},
 * {@code \u00e9}) and spacing that a re-serialization would change, so only a verifier that signs
 * the raw text passes.
 */
final class FakeAlipay implements AutoCloseable {
  enum Mode { NORMAL, SILENT, HUGE, NOT_JSON, TAMPERED, UNSIGNED, WRONG_KEY, NO_RESPONSE, DUPLICATE_RESPONSE }

  static final String APP_ID = "2021000123456789";

  final Map<String, String> trades = new ConcurrentHashMap<>();
  final AtomicInteger refusedSignatures = new AtomicInteger();
  final AtomicInteger requests = new AtomicInteger();
  volatile Mode mode = Mode.NORMAL;
  volatile int forcedHttpStatus;
  /** When set, the response object's content (without braces) for every query. */
  volatile String forcedContent;
  volatile Map<String, String> lastParams;

  private final PublicKey appPublic;
  private final PrivateKey alipayPrivate;
  /** Not the platform's key: what an impostor signs with. */
  private static final PrivateKey STRANGER = TestKeys.rsa().getPrivate();
  private final FakeServer server;

  FakeAlipay(Vertx vertx, PublicKey appPublic, PrivateKey alipayPrivate) throws Exception {
    this.appPublic = appPublic;
    this.alipayPrivate = alipayPrivate;
    this.server = new FakeServer(vertx, this::handle);
  }

  String gatewayUrl() {
    return server.baseUrl() + "/gateway.do";
  }

  /** A trade as Alipay answers it; {@code extra} is more members, already JSON, e.g. {@code "refund_fee":"1.00"}. */
  void trade(String outTradeNo, String tradeStatus, String extra) {
    String paid = tradeStatus.equals("WAIT_BUYER_PAY") ? "" : ",\"send_pay_date\":\"2026-12-01 17:58:30\"";
    if (tradeStatus.equals("TRADE_CLOSED")) {
      paid = "";
    }
    trades.put(outTradeNo, "\"code\":\"10000\",\"msg\":\"Success\",\"buyer_logon_id\":\"159****5620\","
        + "\"out_trade_no\":\"" + outTradeNo + "\",\"trade_no\":\"2026120122001400000000" + Math.abs(outTradeNo.hashCode() % 1000)
        + "\",\"trade_status\":\"" + tradeStatus + "\",\"total_amount\":\"128.50\",\"subject\":\"caf\\u00e9 \\/ 咖啡\""
        + paid + (extra == null ? "" : "," + extra));
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    if (mode == Mode.SILENT) {
      return;
    }
    request.body().onSuccess(body -> {
      if (mode == Mode.HUGE) {
        request.response().setChunked(true).write("{\"pad\":\"" + "x".repeat(100 * 1024))
            .onComplete(v -> request.response().end("\"}"));
        return;
      }
      if (forcedHttpStatus != 0) {
        request.response().setStatusCode(forcedHttpStatus).end("<html>bad gateway</html>");
        return;
      }
      Map<String, String> params = form(body.toString(StandardCharsets.UTF_8));
      lastParams = params;
      if (!requestSignatureVerifies(params)) {
        refusedSignatures.incrementAndGet();
        answer(request, "\"code\":\"40002\",\"msg\":\"Invalid Arguments\",\"sub_code\":\"isv.invalid-signature\","
            + "\"sub_msg\":\"验签出错\"");
        return;
      }
      if (forcedContent != null) {
        answer(request, forcedContent);
        return;
      }
      String outTradeNo = new JsonObject(params.get("biz_content")).getString("out_trade_no");
      String content = trades.get(outTradeNo);
      answer(request, content != null ? content : "\"code\":\"40004\",\"msg\":\"Business Failed\","
          + "\"sub_code\":\"ACQ.TRADE_NOT_EXIST\",\"sub_msg\":\"交易不存在\"");
    });
  }

  private boolean requestSignatureVerifies(Map<String, String> params) {
    if (!"alipay.trade.query".equals(params.get("method")) || !APP_ID.equals(params.get("app_id"))
        || !"RSA2".equals(params.get("sign_type")) || !"1.0".equals(params.get("version"))
        || params.get("timestamp") == null || !params.get("timestamp").matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")) {
      return false;
    }
    String content = new TreeMap<>(params).entrySet().stream()
        .filter(e -> !e.getKey().equals("sign") && !e.getValue().isEmpty())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    return params.get("sign") != null
        && TestKeys.verifies(appPublic, content.getBytes(StandardCharsets.UTF_8), params.get("sign"));
  }

  private void answer(HttpServerRequest request, String content) {
    String object = "{" + content + "}";
    String sign = TestKeys.sign(mode == Mode.WRONG_KEY ? STRANGER : alipayPrivate,
        object.getBytes(StandardCharsets.UTF_8));
    String sent = mode == Mode.TAMPERED ? object.replace("TRADE_CLOSED", "TRADE_SUCCESS")
        .replace("WAIT_BUYER_PAY", "TRADE_SUCCESS") : object;
    String body = switch (mode) {
      case UNSIGNED -> "{\"alipay_trade_query_response\":" + sent + "}";
      case NOT_JSON -> "<html>" + sent;
      case NO_RESPONSE -> "{\"other_response\":" + sent + ",\"sign\":\"" + sign + "\"}";
      case DUPLICATE_RESPONSE -> "{\"alipay_trade_query_response\":" + sent + ", \"alipay_trade_query_response\":"
          + sent.replace("TRADE_SUCCESS", "TRADE_CLOSED") + ",\"sign\":\"" + sign + "\"}";
      default -> "{ \"alipay_trade_query_response\" : " + sent + " ,\"sign\":\"" + sign + "\"}";
    };
    request.response().putHeader("Content-Type", "text/html;charset=utf-8").end(body);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> params = new TreeMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
