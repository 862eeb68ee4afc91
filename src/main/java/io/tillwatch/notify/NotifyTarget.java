package io.tillwatch.notify;

import java.util.Objects;

/**
 * One webhook: where to post and how.
 *
 * @param secret the generic target's HMAC key, the DingTalk robot's signing secret; null for WeCom
 *               (its key is in the URL) and for a DingTalk robot without signing
 */
public record NotifyTarget(TargetType type, String url, String secret) {
  public NotifyTarget {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
  }

  /** The URL without its query, which holds the robots' keys: what logs may show. */
  public String safeUrl() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  @Override
  public String toString() {
    return type.label() + " " + safeUrl();
  }
}
