package io.tillwatch.acquirer.alipay;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The text Alipay's RSA2 request signature covers: every non-empty parameter but {@code sign},
 * sorted by name, as {@code k=v} joined by {@code &}, with raw (not URL-encoded) values.
 */
public final class AlipaySignatures {
  private AlipaySignatures() {}

  public static String content(Map<String, String> params) {
    return new TreeMap<>(params).entrySet().stream()
        .filter(e -> !e.getKey().equals("sign") && e.getValue() != null && !e.getValue().isEmpty())
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("&"));
  }
}
