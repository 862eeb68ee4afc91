package io.tillwatch.acquirer.alipay;

import io.tillwatch.acquirer.HttpBackOffice;
import io.tillwatch.acquirer.Reply;
import io.tillwatch.acquirer.RsaSha256;
import io.tillwatch.acquirer.SaleAge;
import io.tillwatch.backoffice.BackOfficeAnswer;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.LookupProblem;
import io.tillwatch.backoffice.SaleLookup;
import io.tillwatch.backoffice.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/**
 * Alipay {@code alipay.trade.query} by the merchant's order number (the sale's {@code ref}).
 *
 * <p>Design: only a signed answer gives a verdict; the signature covers the raw text of the
 * {@code alipay_trade_query_response} value (or {@code error_response}), and the verdict is read
 * from that same text. Answers that are UNREACHABLE anyway (system errors, our request refused) may
 * come unsigned, as Alipay's gateway errors do, but a signature that is there and fails makes them
 * BAD_SIGNATURE so tampering is counted. Alipay signs no time, so unlike WeChat Pay there is no
 * replay window; the answer must at least be about the order asked ({@code out_trade_no}).
 */
public final class AlipayBackOffice extends HttpBackOffice {
  static final ZoneId ALIPAY_ZONE = ZoneId.of("Asia/Shanghai");
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final String RESPONSE = "alipay_trade_query_response";
  private static final String ERROR_RESPONSE = "error_response";

  private final AlipaySettings settings;

  public AlipayBackOffice(AlipaySettings settings, GuardSettings guards, Vertx vertx, Clock clock) {
    super(settings.name(), guards, vertx, clock);
    this.settings = settings;
  }

  @Override
  protected CompletionStage<BackOfficeAnswer> ask(SaleLookup sale) {
    if (sale.ref() == null || sale.ref().isBlank()) {
      return cannotAsk("the sale has no ref (out_trade_no): Alipay cannot be asked");
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("app_id", settings.appId());
    params.put("method", "alipay.trade.query");
    params.put("format", "JSON");
    params.put("charset", "utf-8");
    params.put("sign_type", "RSA2");
    params.put("timestamp", LocalDateTime.ofInstant(clock.instant(), ALIPAY_ZONE).format(TIME));
    params.put("version", "1.0");
    params.put("biz_content", new JsonObject().put("out_trade_no", sale.ref()).encode());
    params.put("sign", RsaSha256.sign(settings.appPrivateKey(), AlipaySignatures.content(params)));
    String form = params.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(Collectors.joining("&"));
    Map<String, String> headers = Map.of("Content-Type", "application/x-www-form-urlencoded;charset=utf-8",
        "Accept", "application/json", "User-Agent", "tillwatch");
    return exchange(HttpMethod.POST, settings.gatewayUrl(), headers, form, reply -> answer(reply, sale));
  }

  private BackOfficeAnswer answer(Reply.Received received, SaleLookup sale) {
    long now = clock.millis();
    int status = received.status();
    if (status >= 500) {
      return BackOfficeAnswer.unreachable(LookupProblem.SERVER_ERROR, "HTTP " + status, now,
          "Alipay answered HTTP " + status);
    }
    if (status != 200) {
      return BackOfficeAnswer.unreachable(LookupProblem.CLIENT_ERROR, "HTTP " + status, now,
          "Alipay refused the query: HTTP " + status);
    }
    String body = received.text();
    String sign;
    String raw;
    try {
      JsonObject whole = new JsonObject(body);
      sign = whole.getValue("sign") instanceof String s ? s : null;
      raw = RawJsonMember.of(body, RESPONSE).or(() -> RawJsonMember.of(body, ERROR_RESPONSE)).orElse(null);
    } catch (DecodeException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
      return malformed("the answer is not a JSON object with one " + RESPONSE, null, now);
    }
    if (raw == null) {
      return malformed("the answer has no " + RESPONSE, null, now);
    }
    JsonObject response;
    try {
      response = new JsonObject(raw);
    } catch (DecodeException | ClassCastException e) {
      return malformed(RESPONSE + " is not a JSON object", null, now);
    }
    String code = text(response, "code");
    String subCode = text(response, "sub_code");
    boolean notFound = "40004".equals(code) && "ACQ.TRADE_NOT_EXIST".equals(subCode);
    boolean verifies = RsaSha256.verifies(settings.alipayPublicKey(), raw, sign);
    if (!verifies && (sign != null || "10000".equals(code) || notFound)) {
      String why = sign == null ? "the answer is not signed" : "the answer's sign does not verify with the Alipay public key";
      return untrusted(why, code, now);
    }
    if ("10000".equals(code)) {
      return trade(response, sale, now);
    }
    String word = subCode == null ? code : subCode;
    if (notFound) {
      return BackOfficeAnswer.of(Verdict.NOT_CHARGED, null, subCode, -1, now, "Alipay has no trade " + sale.ref());
    }
    if ("20000".equals(code) || (subCode != null && subCode.endsWith("SYSTEM_ERROR"))) {
      return BackOfficeAnswer.unreachable(LookupProblem.SERVER_ERROR, word, now, "Alipay answered " + word);
    }
    if (code == null) {
      return malformed(RESPONSE + " has no code", null, now);
    }
    return BackOfficeAnswer.unreachable(LookupProblem.CLIENT_ERROR, word, now, "Alipay refused the query: " + code
        + (subCode == null ? "" : " " + subCode));
  }

  private BackOfficeAnswer trade(JsonObject response, SaleLookup sale, long now) {
    String tradeStatus = text(response, "trade_status");
    if (!sale.ref().equals(response.getValue("out_trade_no"))) {
      return malformed("the answer is about another trade than " + sale.ref(), tradeStatus, now);
    }
    Optional<Verdict> verdict = AlipayTradeStatus.verdict(response, SaleAge.isYoung(sale, clock, settings.youngSaleFor()));
    if (verdict.isEmpty()) {
      return malformed("unknown trade_status " + tradeStatus, tradeStatus, now);
    }
    long chargedAt = -1;
    String paidAt = text(response, "send_pay_date");
    if (paidAt != null && !paidAt.isBlank()) {
      try {
        chargedAt = LocalDateTime.parse(paidAt, TIME).atZone(ALIPAY_ZONE).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        return malformed("send_pay_date is not yyyy-MM-dd HH:mm:ss", tradeStatus, now);
      }
    }
    String tradeNo = text(response, "trade_no");
    return BackOfficeAnswer.of(verdict.get(), tradeNo == null || tradeNo.isBlank() ? null : tradeNo, tradeStatus,
        chargedAt, now, "Alipay trade_status " + tradeStatus);
  }

  private static String text(JsonObject object, String key) {
    Object value = object.getValue(key);
    return value == null ? null : String.valueOf(value);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
