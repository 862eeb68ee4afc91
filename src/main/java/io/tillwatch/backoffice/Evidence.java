package io.tillwatch.backoffice;

import io.tillwatch.engine.Money;
import io.tillwatch.tasks.NextStep;
import java.time.Instant;
import java.util.List;

/**
 * The words the follow-up writes: the history note of each answer (what the back office said, its
 * reference and time, which a person can check in the back office) and the task's rewritten next
 * step, in English and Chinese, with the amount in its currency.
 */
final class Evidence {
  private Evidence() {}

  /** "wechat-main: CHARGED (SUCCESS), ref 4200..., charged 2026-12-01T09:58:03Z"; for two sales, each named. */
  static String note(String backOffice, List<SaleLookup> sales, List<BackOfficeAnswer> answers) {
    StringBuilder b = new StringBuilder(backOffice).append(": ");
    for (int i = 0; i < answers.size(); i++) {
      if (i > 0) {
        b.append("; ");
      }
      if (answers.size() > 1) {
        b.append("sale ").append(sales.get(i).txn()).append(' ');
      }
      b.append(one(answers.get(i)));
    }
    return b.toString();
  }

  private static String one(BackOfficeAnswer a) {
    StringBuilder b = new StringBuilder(a.verdict().name());
    if (a.status() != null) {
      b.append(" (").append(a.status()).append(')');
    }
    if (a.reference() != null) {
      b.append(", ref ").append(a.reference());
    }
    if (a.chargedAtMs() > 0) {
      b.append(", charged ").append(Instant.ofEpochMilli(a.chargedAtMs()));
    }
    if (a.detail() != null && !a.detail().isEmpty()) {
      b.append(", ").append(a.detail());
    }
    return b.toString();
  }

  /** "wechat-main ref 4200..., ¥128.50: Charged: do NOT collect again... / 已扣款：请勿重复收款..." */
  static String action(NextStep step, SaleLookup sale, String backOffice, String references, String why) {
    StringBuilder b = new StringBuilder();
    b.append(Money.format(sale.amount(), sale.currency())).append(", ").append(backOffice);
    if (references != null) {
      b.append(" ref ").append(references);
    }
    b.append(": ").append(step.english());
    if (why != null) {
      b.append(" (").append(why).append(')');
    }
    return b.append(" / ").append(step.chinese()).toString();
  }

  /** The back office's references of the sales, joined; null when it named none. */
  static String references(List<BackOfficeAnswer> answers) {
    StringBuilder b = new StringBuilder();
    for (BackOfficeAnswer a : answers) {
      if (a.reference() != null) {
        b.append(b.length() == 0 ? "" : " + ").append(a.reference());
      }
    }
    return b.length() == 0 ? null : b.toString();
  }

  /** "CHARGED" or, for two sales, "CHARGED+NOT_CHARGED". */
  static String verdicts(List<BackOfficeAnswer> answers) {
    StringBuilder b = new StringBuilder();
    for (BackOfficeAnswer a : answers) {
      b.append(b.length() == 0 ? "" : "+").append(a.verdict().name());
    }
    return b.toString();
  }
}
