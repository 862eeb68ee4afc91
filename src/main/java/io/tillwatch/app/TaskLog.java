package io.tillwatch.app;

import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One readable log line per task change; ids and amounts only, never card data beyond the stored masked PAN (not logged). */
final class TaskLog implements TaskListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.tillwatch.tasks");

  @Override
  public void changed(TaskChange change) {
    Task t = change.task();
    String money = t.amount() >= 0 ? " " + t.amount() + " " + t.currency() : "";
    String sale = t.txn() != null ? " txn " + t.txn() : " " + t.subject();
    LOG.info("task {} {} [{} {}] {}/{}{}{}", t.id(), change.text(), t.kind(), t.severity().label(), t.merchant(), t.terminal(),
        sale, money);
  }
}
