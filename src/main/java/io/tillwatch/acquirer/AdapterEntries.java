package io.tillwatch.acquirer;

import io.tillwatch.acquirer.alipay.AlipayBackOffice;
import io.tillwatch.acquirer.alipay.AlipaySettings;
import io.tillwatch.acquirer.generic.GenericHttpBackOffice;
import io.tillwatch.acquirer.generic.GenericHttpSettings;
import io.tillwatch.acquirer.generic.UrlTemplate;
import io.tillwatch.acquirer.wechatpay.WeChatPayBackOffice;
import io.tillwatch.acquirer.wechatpay.WeChatPaySettings;
import io.tillwatch.backoffice.BackOffice;
import io.tillwatch.backoffice.GuardSettings;
import io.tillwatch.backoffice.Verdict;
import io.vertx.core.Vertx;
import io.vertx.core.json.pointer.JsonPointer;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Each adapter type's fields in the back-office file. Reading checks everything (key files are
 * parsed here) and opens nothing: the adapter, which holds connections, is made only once the whole
 * file is known to be good, so a bad entry leaves no client behind.
 */
final class AdapterEntries {
  static final Duration DEFAULT_YOUNG_SALE = Duration.ofMinutes(5);

  private AdapterEntries() {}

  /** Makes the adapter once the file is accepted. */
  @FunctionalInterface
  interface Factory {
    BackOffice create(Vertx vertx, Clock clock, Supplier<String> nonces, GuardSettings guards);
  }

  static Factory read(String type, String name, ConfigEntry e) {
    return switch (type) {
      case "wechatpay" -> wechatpay(name, e);
      case "alipay" -> alipay(name, e);
      case "http" -> http(name, e);
      default -> throw e.error("type", "'" + type + "' is not one of wechatpay, alipay, http");
    };
  }

  private static Factory wechatpay(String name, ConfigEntry e) {
    WeChatPaySettings s = new WeChatPaySettings(name, e.url("baseUrl"), e.text("mchid"), e.text("merchantSerialNo"),
        e.privateKey("merchantPrivateKeyFile"), e.publicKey("platformPublicKeyFile"), e.optionalText("platformSerialNo"),
        e.duration("youngSaleFor", DEFAULT_YOUNG_SALE));
    return (vertx, clock, nonces, guards) -> new WeChatPayBackOffice(s, guards, vertx, clock, nonces);
  }

  private static Factory alipay(String name, ConfigEntry e) {
    AlipaySettings s = new AlipaySettings(name, e.url("gatewayUrl"), e.text("appId"), e.privateKey("appPrivateKeyFile"),
        e.publicKey("alipayPublicKeyFile"), e.duration("youngSaleFor", DEFAULT_YOUNG_SALE));
    return (vertx, clock, nonces, guards) -> new AlipayBackOffice(s, guards, vertx, clock);
  }

  private static Factory http(String name, ConfigEntry e) {
    UrlTemplate url;
    try {
      url = new UrlTemplate(e.text("url"));
    } catch (IllegalArgumentException x) {
      throw e.error("url", x.getMessage());
    }
    String method = e.textOr("httpMethod", "GET").toUpperCase(Locale.ROOT);
    if (!method.equals("GET") && !method.equals("POST")) {
      throw e.error("httpMethod", "'" + method + "' is not GET or POST");
    }
    Map<String, String> headers = e.textMap("headers");
    for (String header : headers.keySet()) {
      if (header.equalsIgnoreCase("Authorization")) {
        throw e.error("headers", "Authorization would put a secret in the file: use bearerTokenFile");
      }
    }
    String token = e.has("bearerTokenFile") ? e.secret("bearerTokenFile") : e.optionalText("bearerTokenFile");
    Map<String, Verdict> statuses = new LinkedHashMap<>();
    e.textMap("statuses").forEach((word, verdict) -> statuses.put(word, e.verdict("statuses", verdict)));
    if (statuses.isEmpty()) {
      throw e.error("statuses", "missing: map each status value to one of " + ConfigEntry.ANSWERS);
    }
    String notFound = e.optionalText("notFound");
    GenericHttpSettings s = new GenericHttpSettings(name, url, method, headers, token, pointer(e, "statusPointer", true),
        pointer(e, "referencePointer", false), pointer(e, "chargedAtPointer", false), statuses,
        notFound == null ? null : e.verdict("notFound", notFound));
    return (vertx, clock, nonces, guards) -> new GenericHttpBackOffice(s, guards, vertx, clock);
  }

  private static String pointer(ConfigEntry e, String key, boolean required) {
    String value = required ? e.text(key) : e.optionalText(key);
    if (value != null) {
      try {
        JsonPointer.from(value);
      } catch (IllegalArgumentException x) {
        throw e.error(key, "'" + value + "' is not a JSON Pointer (RFC 6901), e.g. /sale/status");
      }
    }
    return value;
  }
}
