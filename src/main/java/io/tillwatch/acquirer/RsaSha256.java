package io.tillwatch.acquirer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** SHA256withRSA over UTF-8 text, base64 on the wire: what WeChat Pay v3 and Alipay RSA2 both use. */
public final class RsaSha256 {
  private RsaSha256() {}

  public static String sign(PrivateKey key, String message) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(message.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the configured private key", e);
    }
  }

  /** False for a signature that does not verify, is not base64, or is missing. */
  public static boolean verifies(PublicKey key, String message, String base64Signature) {
    return verifies(key, message.getBytes(StandardCharsets.UTF_8), base64Signature);
  }

  /** The same over exact bytes, for a message that holds a body as it came off the wire. */
  public static boolean verifies(PublicKey key, byte[] message, String base64Signature) {
    if (base64Signature == null || base64Signature.isBlank()) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update(message);
      return s.verify(Base64.getDecoder().decode(base64Signature.trim()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
