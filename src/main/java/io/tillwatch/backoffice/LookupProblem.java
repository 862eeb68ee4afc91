package io.tillwatch.backoffice;

/**
 * Why a look-up gave no trustworthy answer ({@link Verdict#UNREACHABLE}); {@link #NONE} when it did.
 * A closed set, so it can label a metric.
 */
public enum LookupProblem {
  NONE,
  /** No answer within the back office's timeout. */
  TIMEOUT,
  /** Connection refused or reset, DNS, TLS handshake. */
  TRANSPORT,
  /** HTTP 5xx or an error code the back office documents as "try again". */
  SERVER_ERROR,
  /** HTTP 4xx or an error the back office documents as our fault (bad signature on the request, unknown merchant). */
  CLIENT_ERROR,
  /** The answer's signature is missing or does not verify: never trusted. */
  BAD_SIGNATURE,
  /** Not the documented format: bad JSON, a missing field, an unknown status value. */
  MALFORMED,
  /** The answer is larger than TillWatch reads. */
  TOO_LARGE,
  /** TillWatch did not ask: the breaker is open or the back office's queue is full. */
  NOT_ASKED;

  /** The metric label: lower case. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
