package io.tillwatch.acquirer.wechatpay;

import io.tillwatch.acquirer.HttpBackOffice;
import io.tillwatch.acquirer.Reply;
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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * WeChat Pay API v3 "query order by out_trade_no": the sale's {@code ref} is the merchant's order
 * number.
 *
 * <p>Design: only a signed answer can give a verdict. A 404 {@code ORDER_NOT_EXIST} is as final as a
 * {@code CLOSED} order (it leads a person to collect again), so it must verify like a 200; an error
 * answer that is UNREACHABLE anyway (5xx, rate limit, our own request refused) is not required to be
 * signed, because an unsigned 502 from a proxy is normal, but when it does carry a signature that
 * fails, the answer is reported as BAD_SIGNATURE so the tampering is counted.
 */
public final class WeChatPayBackOffice extends HttpBackOffice {
  private static final Set<String> NOT_FOUND = Set.of("ORDER_NOT_EXIST", "ORDERNOTEXIST");
  private static final Set<String> TRY_AGAIN = Set.of("SYSTEM_ERROR", "FREQUENCY_LIMITED", "SYSTEMERROR");

  private final WeChatPaySettings settings;
  private final Supplier<String> nonces;
  private final URI base;

  public WeChatPayBackOffice(WeChatPaySettings settings, GuardSettings guards, Vertx vertx, Clock clock,
      Supplier<String> nonces) {
    super(settings.name(), guards, vertx, clock);
    this.settings = settings;
    this.nonces = nonces;
    this.base = URI.create(settings.baseUrl());
  }

  @Override
  protected CompletionStage<BackOfficeAnswer> ask(SaleLookup sale) {
    if (sale.ref() == null || sale.ref().isBlank()) {
      return cannotAsk("the sale has no ref (out_trade_no): WeChat Pay cannot be asked");
    }
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    String pathWithQuery = basePath + "/v3/pay/transactions/out-trade-no/" + encode(sale.ref()) + "?mchid="
        + encode(settings.mchid());
    long timestamp = clock.instant().getEpochSecond();
    String authorization = WeChatPaySignatures.authorization(settings.mchid(), settings.merchantSerialNo(),
        settings.merchantPrivateKey(), "GET", pathWithQuery, timestamp, nonces.get(), "");
    String url = base.getScheme() + "://" + base.getRawAuthority() + pathWithQuery;
    Map<String, String> headers = Map.of("Authorization", authorization, "Accept", "application/json",
        "User-Agent", "tillwatch");
    return exchange(HttpMethod.GET, url, headers, null, reply -> answer(reply, sale));
  }

  private BackOfficeAnswer answer(Reply.Received received, SaleLookup sale) {
    long now = clock.millis();
    int status = received.status();
    if (status >= 200 && status < 300) {
      Optional<String> bad = WeChatPaySignatures.problem(received, settings.platformPublicKey(),
          settings.platformSerialNo(), now);
      if (bad.isPresent()) {
        return untrusted(bad.get(), "HTTP " + status, now);
      }
      return order(received, sale, now);
    }
    String code = errorCode(received);
    String word = code == null ? "HTTP " + status : code;
    if (WeChatPaySignatures.isSigned(received) || (status == 404 && NOT_FOUND.contains(code))) {
      Optional<String> bad = WeChatPaySignatures.problem(received, settings.platformPublicKey(),
          settings.platformSerialNo(), now);
      if (bad.isPresent()) {
        return untrusted(bad.get(), word, now);
      }
    }
    if (status == 404 && NOT_FOUND.contains(code)) {
      return BackOfficeAnswer.of(Verdict.NOT_CHARGED, null, code, -1, now, "WeChat Pay has no order " + sale.ref());
    }
    if (status >= 500 || status == 429 || TRY_AGAIN.contains(code)) {
      return BackOfficeAnswer.unreachable(LookupProblem.SERVER_ERROR, word, now, "WeChat Pay answered " + word
          + " (HTTP " + status + ")");
    }
    return BackOfficeAnswer.unreachable(LookupProblem.CLIENT_ERROR, word, now, "WeChat Pay refused the query: " + word
        + " (HTTP " + status + ")");
  }

  private BackOfficeAnswer order(Reply.Received received, SaleLookup sale, long now) {
    JsonObject order;
    try {
      order = new JsonObject(received.text());
    } catch (DecodeException | ClassCastException e) {
      return malformed("the answer is not a JSON object", null, now);
    }
    Object state = order.getValue("trade_state");
    if (!(state instanceof String tradeState)) {
      return malformed("the answer has no trade_state", null, now);
    }
    if (!sale.ref().equals(order.getValue("out_trade_no")) || !settings.mchid().equals(order.getValue("mchid"))) {
      return malformed("the answer is about another order than " + sale.ref() + " of merchant " + settings.mchid(),
          tradeState, now);
    }
    Optional<Verdict> verdict = WeChatPayTradeState.verdict(tradeState, SaleAge.isYoung(sale, clock,
        settings.youngSaleFor()));
    if (verdict.isEmpty()) {
      return malformed("unknown trade_state " + tradeState, tradeState, now);
    }
    Object reference = order.getValue("transaction_id");
    long chargedAt = -1;
    if (order.getValue("success_time") instanceof String successTime && !successTime.isBlank()) {
      try {
        chargedAt = OffsetDateTime.parse(successTime).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        return malformed("success_time is not an RFC 3339 time", tradeState, now);
      }
    }
    return BackOfficeAnswer.of(verdict.get(), reference instanceof String s && !s.isBlank() ? s : null, tradeState,
        chargedAt, now, "WeChat Pay trade_state " + tradeState);
  }

  private static String errorCode(Reply.Received received) {
    try {
      Object code = new JsonObject(received.text()).getValue("code");
      return code instanceof String s ? s : null;
    } catch (DecodeException | ClassCastException e) {
      return null;
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
