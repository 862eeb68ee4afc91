package io.tillwatch.acquirer.generic;

import io.tillwatch.backoffice.SaleLookup;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL with {@code {field}} placeholders filled from a sale, each value URL-encoded.
 *
 * <p>An absent field (a card sale has no {@code ref}, a QR sale no {@code rrn}) is filled with
 * nothing in the query, so one template serves both kinds of sale: the back office sees
 * {@code rrn=} and searches by what it has. In the path nothing can stand for it, so a sale that
 * lacks a field the path needs is not asked at all ({@link #fill} says which field).
 */
public final class UrlTemplate {
  public static final Set<String> FIELDS = Set.of("merchant", "terminal", "txn", "ref", "rrn", "authCode", "amount",
      "currency", "method", "saleAt");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

  private final String template;
  private final int queryStart;

  /** Throws IllegalArgumentException naming an unknown placeholder or a URL that is not http(s). */
  public UrlTemplate(String template) {
    if (!template.startsWith("http://") && !template.startsWith("https://")) {
      throw new IllegalArgumentException("must start with http:// or https://");
    }
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      if (!FIELDS.contains(m.group(1))) {
        throw new IllegalArgumentException("unknown placeholder {" + m.group(1) + "}; known: " + FIELDS);
      }
    }
    try {
      URI.create(PLACEHOLDER.matcher(template).replaceAll("x")).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw new IllegalArgumentException("is not a valid URL (" + e.getMessage() + ")");
    }
    this.template = template;
    int q = template.indexOf('?');
    this.queryStart = q < 0 ? template.length() : q;
  }

  /** The URL filled in, or why this sale cannot be asked. */
  public sealed interface Filled {}

  public record Url(String url) implements Filled {}

  public record MissingField(String field) implements Filled {}

  public Filled fill(SaleLookup sale) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    List<String> missing = new ArrayList<>();
    while (m.find()) {
      String value = value(sale, m.group(1));
      if (value == null && m.start() < queryStart) {
        missing.add(m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : encode(value)));
    }
    m.appendTail(out);
    return missing.isEmpty() ? new Url(out.toString()) : new MissingField(missing.get(0));
  }

  private static String value(SaleLookup sale, String field) {
    return switch (field) {
      case "merchant" -> sale.merchant();
      case "terminal" -> sale.terminal();
      case "txn" -> sale.txn();
      case "ref" -> sale.ref();
      case "rrn" -> sale.rrn();
      case "authCode" -> sale.authCode();
      case "amount" -> sale.hasAmount() ? Long.toString(sale.amount()) : null;
      case "currency" -> sale.currency();
      case "method" -> sale.method() == null ? null : sale.method().name();
      case "saleAt" -> sale.saleAtMs() > 0 ? Instant.ofEpochMilli(sale.saleAtMs()).toString() : null;
      default -> throw new IllegalStateException(field);
    };
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return template;
  }
}
