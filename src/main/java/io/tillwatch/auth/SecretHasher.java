package io.tillwatch.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow, salted hashing of terminal secrets: PBKDF2-HMAC-SHA256 from the JDK (a maintained,
 * FIPS-approved password hash with no native code to ship), stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so the cost can be raised later without
 * invalidating existing secrets. Comparison is constant-time.
 */
public final class SecretHasher {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;
  private static final String PREFIX = "pbkdf2-sha256";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;

  public SecretHasher(int iterations) {
    this.iterations = iterations;
  }

  public String hash(String secret) {
    byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    return PREFIX + '$' + iterations + '$' + b64(salt) + '$' + b64(derive(secret, salt, iterations));
  }

  public static boolean verify(String secret, String stored) {
    String[] p = stored.split("\\$");
    if (p.length != 4 || !p[0].equals(PREFIX)) {
      return false;
    }
    byte[] salt = Base64.getUrlDecoder().decode(p[2]);
    byte[] expected = Base64.getUrlDecoder().decode(p[3]);
    return MessageDigest.isEqual(expected, derive(secret, salt, Integer.parseInt(p[1])));
  }

  /** A new random secret for a terminal: 32 bytes, base64url (43 characters). */
  public static String newSecret() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return b64(b);
  }

  private static byte[] derive(String secret, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
