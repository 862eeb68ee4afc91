package io.tillwatch.sim;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Alipay's open-platform gateway for {@code alipay.trade.query}, as the simulated back office speaks
 * it: {@code POST /gateway.do}, parameters form-encoded in the body and/or in the query string (the
 * official SDKs put the common ones in the query and {@code biz_content} in the body).
 *
 * <p>Design notes.
 * <ul>
 *   <li>Request signature (RSA2): SHA256withRSA by the merchant's private key over every parameter
 *       except {@code sign} whose value is not empty, sorted by name, written {@code k=v} and joined
 *       with {@code &}, values as sent (decoded, not URL-encoded). A bad or missing signature is
 *       answered as Alipay does, HTTP 200 with {@code code 40002 isv.invalid-signature}; an unknown
 *       app_id with {@code 40002 isv.invalid-app-id}; another method with {@code 40002 isv.invalid-method}.</li>
 *   <li>Answer: {@code {"alipay_trade_query_response":{...},"sign":"..."}} where sign is SHA256withRSA by the
 *       platform ("Alipay public key" pair) private key over the exact text of the response object, which
 *       is written first and then placed verbatim into the body. Every answer is signed.</li>
 *   <li>{@code trade_status}: TRADE_SUCCESS (charged), TRADE_CLOSED (never charged, declined, or charged and
 *       then fully refunded, as Alipay documents it), WAIT_BUYER_PAY (still in progress); an order it does not
 *       know: {@code 40004 ACQ.TRADE_NOT_EXIST}. Fields: code, msg, sub_code, sub_msg, trade_no, out_trade_no,
 *       buyer_logon_id, trade_status, total_amount (yuan, 2 decimals), buyer_pay_amount, receipt_amount,
 *       send_pay_date ({@code yyyy-MM-dd HH:mm:ss}, China time; paid orders only), store_id, terminal_id.</li>
 * </ul>
 */
final class AlipayApi {
  static final String PATH = "/gateway.do";
  static final String RESPONSE_KEY = "alipay_trade_query_response";

  private final AcquirerLedger ledger;
  private final BackOfficeIds ids;
  private final PublicKey merchantPublic;
  private final PrivateKey platformPrivate;
  private final LongSupplier clock;
  private final Random rnd;

  AlipayApi(AcquirerLedger ledger, BackOfficeIds ids, PublicKey merchantPublic, PrivateKey platformPrivate, LongSupplier clock,
      Random rnd) {
    this.ledger = ledger;
    this.ids = ids;
    this.merchantPublic = merchantPublic;
    this.platformPrivate = platformPrivate;
    this.clock = clock;
    this.rnd = rnd;
  }

  /** {@code query}: the raw query string (may be null); {@code formBody}: the raw form-encoded body (may be empty). */
  HttpAnswer query(String method, String query, String formBody, long pendingForMs) {
    if (!"POST".equals(method) && !"GET".equals(method)) {
      return new HttpAnswer(405, Map.of(), "");
    }
    Map<String, String> params = new TreeMap<>();
    parseForm(query, params);
    parseForm(formBody, params);
    if (!Rsa.verify(merchantPublic, signingText(params), params.get("sign"))) {
      return answer(failure("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错"));
    }
    String merchant = ids.merchantOfAlipayApp(params.get("app_id"));
    if (merchant == null) {
      return answer(failure("40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数"));
    }
    if (!"alipay.trade.query".equals(params.get("method"))) {
      return answer(failure("40002", "Invalid Arguments", "isv.invalid-method", "不存在的方法名"));
    }
    JsonObject biz;
    try {
      biz = new JsonObject(params.getOrDefault("biz_content", ""));
    } catch (DecodeException | ClassCastException e) {
      return answer(failure("40002", "Invalid Arguments", "isv.invalid-biz-content", "biz_content格式错误"));
    }
    LedgerEntry e = null;
    if (biz.getValue("out_trade_no") instanceof String ref) {
      e = ledger.byRef(merchant, ref);
    } else if (!(biz.getValue("trade_no") instanceof String)) {
      return answer(failure("40002", "Invalid Arguments", "isv.missing-out-trade-no", "缺少商户订单号"));
    }
    if (e == null && biz.getValue("trade_no") instanceof String tradeNo) {
      e = byTradeNo(merchant, tradeNo);
    }
    if (e == null) {
      return answer(failure("40004", "Business Failed", "ACQ.TRADE_NOT_EXIST", "交易不存在"));
    }
    return answer(trade(e, BackOfficeView.stateAt(e, clock.getAsLong(), pendingForMs)));
  }

  /** The "try again" error Alipay answers with when its own systems fail. */
  HttpAnswer serverError() {
    return answer(failure("20000", "Service Currently Unavailable", "isp.unknow-error", "系统繁忙"));
  }

  /** The text an RSA2 request signature covers: non-empty parameters but {@code sign}, sorted, {@code k=v&k=v}. */
  static String signingText(Map<String, String> params) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, String> p : new TreeMap<>(params).entrySet()) {
      if (p.getKey().equals("sign") || p.getValue() == null || p.getValue().isEmpty()) {
        continue;
      }
      if (b.length() > 0) {
        b.append('&');
      }
      b.append(p.getKey()).append('=').append(p.getValue());
    }
    return b.toString();
  }

  private LedgerEntry byTradeNo(String merchant, String tradeNo) {
    for (LedgerEntry e : ledger.all()) {
      if (e.merchant().equals(merchant) && BackOfficeView.alipayTradeNo(e).equals(tradeNo)) {
        return e;
      }
    }
    return null;
  }

  private JsonObject trade(LedgerEntry e, BackOfficeView.State state) {
    boolean paid = state == BackOfficeView.State.CHARGED || state == BackOfficeView.State.REVERSED;
    String status = switch (state) {
      case CHARGED -> "TRADE_SUCCESS";
      case PENDING -> "WAIT_BUYER_PAY";
      default -> "TRADE_CLOSED";
    };
    JsonObject o = new JsonObject().put("code", "10000").put("msg", "Success")
        .put("trade_no", BackOfficeView.alipayTradeNo(e))
        .put("out_trade_no", e.ref())
        .put("buyer_logon_id", "159****5620")
        .put("trade_status", status)
        .put("total_amount", BackOfficeView.yuan(e.amount()))
        .put("buyer_pay_amount", paid ? BackOfficeView.yuan(e.amount()) : "0.00")
        .put("receipt_amount", state == BackOfficeView.State.CHARGED ? BackOfficeView.yuan(e.amount()) : "0.00");
    if (paid) {
      o.put("send_pay_date", BackOfficeView.ALIPAY_TIME.format(Instant.ofEpochMilli(e.settledAtMs())));
    }
    return o.put("store_id", "S-" + e.merchant()).put("terminal_id", e.terminal()).put("buyer_user_id", "2088102122524333");
  }

  private static JsonObject failure(String code, String msg, String subCode, String subMsg) {
    return new JsonObject().put("code", code).put("msg", msg).put("sub_code", subCode).put("sub_msg", subMsg);
  }

  private HttpAnswer answer(JsonObject response) {
    String text = response.encode();
    String sign = Rsa.sign(platformPrivate, text);
    String body = "{\"" + RESPONSE_KEY + "\":" + text + ",\"sign\":\"" + sign + "\"}";
    return HttpAnswer.json(200, body);
  }

  static void parseForm(String form, Map<String, String> into) {
    if (form == null || form.isEmpty()) {
      return;
    }
    for (String kv : form.split("&")) {
      if (kv.isEmpty()) {
        continue;
      }
      int eq = kv.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      into.put(k, v);
    }
  }
}
