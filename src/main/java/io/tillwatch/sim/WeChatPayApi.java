package io.tillwatch.sim;

import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WeChat Pay API v3 "query an order by the merchant's order number", as the simulated back office
 * speaks it: {@code GET /v3/pay/transactions/out-trade-no/{out_trade_no}?mchid=...}.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Request authentication: {@code Authorization: WECHATPAY2-SHA256-RSA2048 mchid="..",nonce_str="..",
 *       signature="..",timestamp="..",serial_no=".."}; the signature is SHA256withRSA, by the merchant's
 *       private key, over {@code METHOD\nPATH?QUERY\ntimestamp\nnonce_str\nbody\n} (body empty for a GET).
 *       Missing, malformed, stale (more than 5 minutes off) or not verifying with the merchant's public
 *       key: 401 {@code SIGN_ERROR}. The header's mchid must be the query's.</li>
 *   <li>Answers are signed as WeChat Pay signs them: {@code Wechatpay-Timestamp}, {@code Wechatpay-Nonce},
 *       {@code Wechatpay-Signature} = SHA256withRSA by the platform key over {@code timestamp\nnonce\nbody\n},
 *       {@code Wechatpay-Serial} = the platform key's id, and a {@code Request-ID}. Error answers are
 *       signed too.</li>
 *   <li>{@code trade_state}: SUCCESS (charged), REFUND (reversed: the money went back), CLOSED (never
 *       charged), PAYERROR (declined), USERPAYING (still in progress); an order it does not know: 404
 *       {@code ORDER_NOT_EXIST}. Field names follow the published reference: appid, mchid, out_trade_no,
 *       transaction_id, trade_type, trade_state, trade_state_desc, bank_type, attach, success_time,
 *       payer.openid, amount{total, payer_total, currency, payer_currency}. transaction_id and success_time
 *       are left out of orders that were never paid.</li>
 * </ul>
 */
final class WeChatPayApi {
  static final String PATH_PREFIX = "/v3/pay/transactions/out-trade-no/";
  static final String SCHEME = "WECHATPAY2-SHA256-RSA2048";
  private static final long MAX_SKEW_MS = 5 * 60_000;
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final AcquirerLedger ledger;
  private final BackOfficeIds ids;
  private final PublicKey merchantPublic;
  private final PrivateKey platformPrivate;
  private final String platformSerial;
  private final LongSupplier clock;
  private final Random rnd;

  WeChatPayApi(AcquirerLedger ledger, BackOfficeIds ids, PublicKey merchantPublic, PrivateKey platformPrivate, String platformSerial,
      LongSupplier clock, Random rnd) {
    this.ledger = ledger;
    this.ids = ids;
    this.merchantPublic = merchantPublic;
    this.platformPrivate = platformPrivate;
    this.platformSerial = platformSerial;
    this.clock = clock;
    this.rnd = rnd;
  }

  /** {@code pathAndQuery} exactly as the request line carried it (the signature covers it). */
  HttpAnswer query(String method, String pathAndQuery, String authorization, long pendingForMs) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String outTradeNo = URLDecoder.decode(path.substring(PATH_PREFIX.length()), StandardCharsets.UTF_8);
    String mchid = q < 0 ? null : queryParam(pathAndQuery.substring(q + 1), "mchid");
    if (!"GET".equals(method)) {
      return signed(405, error("METHOD_NOT_ALLOWED", "请求方法不被允许"));
    }
    Map<String, String> auth = authorization(authorization);
    if (auth == null || !verifies(auth, method, pathAndQuery)) {
      return signed(401, error("SIGN_ERROR", "签名错误"));
    }
    if (mchid == null || mchid.isEmpty()) {
      return signed(400, error("PARAM_ERROR", "缺少参数mchid"));
    }
    if (!mchid.equals(auth.get("mchid"))) {
      return signed(400, error("MCH_NOT_EXISTS", "商户号与认证信息不一致"));
    }
    String merchant = ids.merchantOfMchid(mchid);
    if (merchant == null) {
      return signed(400, error("MCH_NOT_EXISTS", "商户号不存在"));
    }
    LedgerEntry e = ledger.byRef(merchant, outTradeNo);
    if (e == null) {
      return signed(404, error("ORDER_NOT_EXIST", "订单不存在"));
    }
    return signed(200, order(merchant, mchid, e, BackOfficeView.stateAt(e, clock.getAsLong(), pendingForMs)).encode());
  }

  /** The server error this format answers with. */
  HttpAnswer serverError() {
    return signed(500, error("SYSTEM_ERROR", "系统错误"));
  }

  private JsonObject order(String merchant, String mchid, LedgerEntry e, BackOfficeView.State state) {
    String tradeState;
    String desc;
    boolean paid;
    switch (state) {
      case CHARGED -> { tradeState = "SUCCESS"; desc = "支付成功"; paid = true; }
      case REVERSED -> { tradeState = "REFUND"; desc = "转入退款"; paid = true; }
      case NOT_CHARGED -> { tradeState = "CLOSED"; desc = "已关闭"; paid = false; }
      case DECLINED -> { tradeState = "PAYERROR"; desc = "支付失败，请重新下单支付"; paid = false; }
      default -> { tradeState = "USERPAYING"; desc = "用户支付中"; paid = false; }
    }
    JsonObject o = new JsonObject()
        .put("appid", ids.wechatAppId(merchant))
        .put("mchid", mchid)
        .put("out_trade_no", e.ref());
    if (paid) {
      o.put("transaction_id", BackOfficeView.wechatTransactionId(e));
    }
    o.put("trade_type", "MICROPAY").put("trade_state", tradeState).put("trade_state_desc", desc).put("bank_type", paid ? "OTHERS" : "")
        .put("attach", "");
    if (paid) {
      o.put("success_time", OffsetDateTime.ofInstant(Instant.ofEpochMilli(e.settledAtMs()), BackOfficeView.CHINA).withNano(0).toString());
      o.put("payer", new JsonObject().put("openid", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"));
    }
    o.put("amount", new JsonObject().put("total", e.amount()).put("payer_total", paid ? e.amount() : 0).put("currency", e.currency())
        .put("payer_currency", e.currency()));
    return o;
  }

  private boolean verifies(Map<String, String> auth, String method, String pathAndQuery) {
    String ts = auth.get("timestamp");
    String nonce = auth.get("nonce_str");
    String sig = auth.get("signature");
    if (ts == null || nonce == null || sig == null || auth.get("mchid") == null) {
      return false;
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(seconds * 1000 - clock.getAsLong()) > MAX_SKEW_MS) {
      return false;
    }
    String message = method + "\n" + pathAndQuery + "\n" + ts + "\n" + nonce + "\n" + "" + "\n";
    return Rsa.verify(merchantPublic, message, sig);
  }

  /** The header's parameters, or null when it is not a WECHATPAY2-SHA256-RSA2048 header. */
  static Map<String, String> authorization(String header) {
    if (header == null || !header.startsWith(SCHEME + " ")) {
      return null;
    }
    Map<String, String> m = new HashMap<>();
    Matcher x = PARAM.matcher(header.substring(SCHEME.length() + 1));
    while (x.find()) {
      m.put(x.group(1), x.group(2));
    }
    return m;
  }

  private HttpAnswer signed(int status, String body) {
    String ts = Long.toString(clock.getAsLong() / 1000);
    String nonce = nonce();
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json; charset=utf-8");
    h.put("Request-ID", "08" + nonce.substring(0, 16).toUpperCase(Locale.ROOT));
    h.put("Wechatpay-Timestamp", ts);
    h.put("Wechatpay-Nonce", nonce);
    h.put("Wechatpay-Serial", platformSerial);
    h.put("Wechatpay-Signature", Rsa.sign(platformPrivate, ts + "\n" + nonce + "\n" + body + "\n"));
    h.put("Wechatpay-Signature-Type", SCHEME);
    return new HttpAnswer(status, h, body);
  }

  private String nonce() {
    StringBuilder b = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      b.append("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".charAt(rnd.nextInt(36)));
    }
    return b.toString();
  }

  private static String error(String code, String message) {
    return new JsonObject().put("code", code).put("message", message).encode();
  }

  static String queryParam(String query, String name) {
    for (String kv : query.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      if (k.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
