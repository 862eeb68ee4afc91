package io.tillwatch.acquirer.wechatpay;

import io.tillwatch.acquirer.Reply;
import io.tillwatch.acquirer.RsaSha256;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Optional;

/**
 * WeChat Pay API v3's two signatures: the merchant's on each request ({@code Authorization:
 * WECHATPAY2-SHA256-RSA2048 ...} over method, path with query, timestamp, nonce and body) and the
 * platform's on each answer (headers {@code Wechatpay-*} over timestamp, nonce and body).
 *
 * <p>Design: the answer's message is built from the body's bytes as received, never from a decoded
 * string, so the check sees exactly what was signed. The timestamp window is symmetric: an answer
 * from more than five minutes ago is a replay, one from more than five minutes ahead is a clock we
 * cannot trust either.
 */
public final class WeChatPaySignatures {
  public static final String SCHEMA = "WECHATPAY2-SHA256-RSA2048";
  public static final String TIMESTAMP = "Wechatpay-Timestamp";
  public static final String NONCE = "Wechatpay-Nonce";
  public static final String SIGNATURE = "Wechatpay-Signature";
  public static final String SERIAL = "Wechatpay-Serial";
  public static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private WeChatPaySignatures() {}

  /** The string WeChat Pay's request signature covers. */
  public static String requestMessage(String method, String pathWithQuery, long timestampSeconds, String nonce,
      String body) {
    return method + "\n" + pathWithQuery + "\n" + timestampSeconds + "\n" + nonce + "\n" + (body == null ? "" : body)
        + "\n";
  }

  /** The {@code Authorization} header value for one request. */
  public static String authorization(String mchid, String merchantSerialNo, PrivateKey key, String method,
      String pathWithQuery, long timestampSeconds, String nonce, String body) {
    String signature = RsaSha256.sign(key, requestMessage(method, pathWithQuery, timestampSeconds, nonce, body));
    return SCHEMA + " mchid=\"" + mchid + "\",nonce_str=\"" + nonce + "\",signature=\"" + signature
        + "\",timestamp=\"" + timestampSeconds + "\",serial_no=\"" + merchantSerialNo + "\"";
  }

  /** The bytes an answer's signature covers. */
  public static byte[] answerMessage(String timestamp, String nonce, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    out.writeBytes((timestamp + "\n" + nonce + "\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(body);
    out.write('\n');
    return out.toByteArray();
  }

  /** True when the answer carries the signature headers at all. */
  public static boolean isSigned(Reply.Received reply) {
    return reply.header(SIGNATURE) != null;
  }

  /**
   * Why the answer's signature cannot be trusted, or empty when it verifies.
   *
   * @param expectedSerial the platform key's serial, or null to accept any
   */
  public static Optional<String> problem(Reply.Received reply, PublicKey platformKey, String expectedSerial,
      long nowMs) {
    String timestamp = reply.header(TIMESTAMP);
    String nonce = reply.header(NONCE);
    String signature = reply.header(SIGNATURE);
    String serial = reply.header(SERIAL);
    if (timestamp == null || nonce == null || signature == null || serial == null) {
      return Optional.of("the answer is not signed (Wechatpay-* headers missing)");
    }
    if (expectedSerial != null && !expectedSerial.equals(serial)) {
      return Optional.of("the answer is signed by another platform key than the configured one");
    }
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException e) {
      return Optional.of("the answer's Wechatpay-Timestamp is not a number");
    }
    if (Math.abs(nowMs / 1000 - seconds) > MAX_SKEW.toSeconds()) {
      return Optional.of("the answer's timestamp is more than 5 minutes off (replayed or a wrong clock)");
    }
    if (!RsaSha256.verifies(platformKey, answerMessage(timestamp, nonce, reply.body()), signature)) {
      return Optional.of("the answer's signature does not verify with the platform key");
    }
    return Optional.empty();
  }
}
