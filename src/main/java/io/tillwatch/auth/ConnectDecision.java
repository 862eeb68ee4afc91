package io.tillwatch.auth;

/** The answer to a CONNECT: accepted with an identity, or refused with a reason (a metric label). */
public record ConnectDecision(Credential identity, Refusal refusal) {
  public enum Refusal {
    BAD_CREDENTIALS,
    CLIENT_ID_MISMATCH,
    /** The client certificate names no terminal, or another one than the client id. */
    CERTIFICATE_MISMATCH,
    REVOKED,
    THROTTLED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public static ConnectDecision accept(Credential c) {
    return new ConnectDecision(c, null);
  }

  public static ConnectDecision refuse(Refusal r) {
    return new ConnectDecision(null, r);
  }

  public boolean accepted() {
    return refusal == null;
  }
}
