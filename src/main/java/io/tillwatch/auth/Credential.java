package io.tillwatch.auth;

/**
 * Who may connect to the embedded endpoint. A {@code terminal} credential's username is the
 * terminal id (= client id) and it may publish only under its own merchant and id; a {@code console}
 * credential (an operator console) may only subscribe to task changes of its merchant, or of all
 * merchants when {@code merchant} is {@code *}.
 *
 * @param secretHash a {@link SecretHasher} string, never the secret itself; {@link #NO_SECRET} for a
 *                   terminal that authenticates by client certificate only
 * @param revokedMs  0 while valid
 */
public record Credential(String username, Kind kind, String merchant, String secretHash, long createdMs, long revokedMs) {
  public enum Kind {
    TERMINAL,
    CONSOLE
  }

  /** Stored instead of a hash: no secret verifies against it (it is not a hash string). */
  public static final String NO_SECRET = "cert-only";

  public boolean hasSecret() {
    return !NO_SECRET.equals(secretHash);
  }

  public boolean revoked() {
    return revokedMs > 0;
  }

  public boolean allMerchants() {
    return "*".equals(merchant);
  }
}
