package io.tillwatch.tasks;

import io.tillwatch.engine.FindingKey;
import io.tillwatch.engine.FindingKind;

/** Tasks as tests need them: open, with a sale, due 100 ms before they were detected. */
public final class TaskSamples {
  private TaskSamples() {}

  public static Task task(String id, FindingKind kind, String merchant, String terminal, String txn, long detectedAtMs) {
    FindingKey key = new FindingKey(kind, merchant, terminal, txn);
    return Task.open(id, new TaskFinding(key, "detail", kind.action(), detectedAtMs - 100),
        new TaskSale(txn, 12_850, "CNY", "433412345678", "622848******1234", null), kind.defaultSeverity(), detectedAtMs);
  }

  /** An UNCONFIRMED_SALE task (critical) on m001/t0001. */
  public static Task saleTask(String id, String txn, long detectedAtMs) {
    return task(id, FindingKind.UNCONFIRMED_SALE, "m001", "t0001", txn, detectedAtMs);
  }
}
