package io.tillwatch.tasks;

/**
 * The concrete next step a back-office answer set for a money task, in the two languages shop staff
 * read. {@link #NONE} while nothing was decided (the kind's own advice stands).
 */
public enum NextStep {
  NONE("", ""),
  /** TillWatch sent the terminal a reprint command; the terminal's PRINTED will close the task. */
  REPRINT_SENT("Charged. A reprint was sent to the terminal; nothing to do unless it fails.",
      "已扣款。已向终端发送补打小票指令，无需操作，除非补打失败。"),
  /** Charged, but the terminal could not print (offline, out of paper, refused). */
  REPRINT_FAILED("Charged: do NOT collect again. The terminal could not print the receipt; fix it and reprint.",
      "已扣款：请勿重复收款。终端未能打印小票，请排除故障后补打。"),
  /** Charged, the terminal never saw the outcome: tell the cashier, and a reprint is on its way. */
  DO_NOT_COLLECT_REPRINT("Charged: do NOT collect again. Reprint the receipt for the customer.",
      "已扣款：请勿重复收款。请为顾客补打小票。"),
  /** The back office says the customer was not charged. */
  COLLECT_AGAIN("Not charged: collect the payment again.", "未扣款：请重新收款。"),
  /** Both sales of a double-charge risk were charged. */
  REFUND_DUPLICATE("Charged twice: refund or void the duplicate sale.", "重复扣款：请撤销或退还重复的一笔。"),
  /** The reversal never went through and the customer is still charged. */
  REFUND_BY_HAND("The reversal failed and the customer is still charged: refund by hand.",
      "冲正失败，顾客仍被扣款：请手工退款。"),
  /** The back office never gave a final answer (or none is configured): a person must look. */
  CHECK_BY_HAND("The back office gave no final answer: look the sale up by hand before collecting again.",
      "后台未给出最终结果：请先人工查询该笔交易，再决定是否重新收款。");

  private final String english;
  private final String chinese;

  NextStep(String english, String chinese) {
    this.english = english;
    this.chinese = chinese;
  }

  /** True for the steps that come with a reprint command. */
  public boolean reprints() {
    return this == REPRINT_SENT || this == DO_NOT_COLLECT_REPRINT || this == REPRINT_FAILED;
  }

  public String english() {
    return english;
  }

  public String chinese() {
    return chinese;
  }
}
