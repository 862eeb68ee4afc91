package io.tillwatch.backoffice;

import java.util.Objects;

/**
 * One back office's answer about one sale, with the evidence a person can check.
 *
 * @param reference    the back office's own id for the sale (WeChat Pay {@code transaction_id}, Alipay
 *                     {@code trade_no}, an acquirer's reference); null when it has none (not found)
 * @param status       the back office's own status word as it sent it ({@code SUCCESS}, {@code TRADE_CLOSED},
 *                     HTTP 503...), for the evidence; null when nothing was received
 * @param chargedAtMs  when the back office says the money moved (epoch ms); -1 when it says nothing
 * @param answeredAtMs when TillWatch received the answer (TillWatch's clock)
 * @param problem      why the answer is {@link Verdict#UNREACHABLE}; {@link LookupProblem#NONE} otherwise
 * @param detail       one short sentence for the task's history; never a secret, never card data
 */
public record BackOfficeAnswer(
    Verdict verdict,
    String reference,
    String status,
    long chargedAtMs,
    long answeredAtMs,
    LookupProblem problem,
    String detail) {

  public BackOfficeAnswer {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(problem, "problem");
    if ((verdict == Verdict.UNREACHABLE) == (problem == LookupProblem.NONE)) {
      throw new IllegalArgumentException("an answer is UNREACHABLE exactly when it has a problem: " + verdict + ", " + problem);
    }
  }

  /** A trustworthy answer. */
  public static BackOfficeAnswer of(Verdict verdict, String reference, String status, long chargedAtMs, long answeredAtMs,
      String detail) {
    return new BackOfficeAnswer(verdict, reference, status, chargedAtMs, answeredAtMs, LookupProblem.NONE, detail);
  }

  /** No trustworthy answer, and why. */
  public static BackOfficeAnswer unreachable(LookupProblem problem, String status, long answeredAtMs, String detail) {
    return new BackOfficeAnswer(Verdict.UNREACHABLE, null, status, -1, answeredAtMs, problem, detail);
  }
}
