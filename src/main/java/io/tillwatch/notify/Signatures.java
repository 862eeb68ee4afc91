package io.tillwatch.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 as the receivers expect it: hex for the generic header, base64 for DingTalk. */
public final class Signatures {
  private Signatures() {}

  public static byte[] hmacSha256(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * The generic webhook's {@code X-TillWatch-Signature}: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}.
   * The time is inside the signed text, so a receiver can refuse an old message replayed.
   */
  public static String generic(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(hmacSha256(secret, unixSeconds + "." + body));
  }

  /** DingTalk's robot signature: base64 of HMAC-SHA256(secret, timestamp + "\n" + secret), not yet URL-encoded. */
  public static String dingTalk(String secret, long timestampMs) {
    return Base64.getEncoder().encodeToString(hmacSha256(secret, timestampMs + "\n" + secret));
  }
}
