package io.tillwatch.telemetry;

/**
 * A message that breaks the contract. The {@link #detail()} names the offending field or rule
 * and never quotes the payload, so it is safe to log even when the payload held card data.
 * Stack traces are not captured: rejections are expected traffic, not programming errors.
 */
public final class RejectedMessageException extends Exception {
  private final RejectReason reason;
  private final String detail;

  public RejectedMessageException(RejectReason reason, String detail) {
    super(reason.label() + ": " + detail, null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  public RejectReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }
}
