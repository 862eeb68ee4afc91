package io.tillwatch.app;

import io.tillwatch.tasks.Task;
import io.tillwatch.tasks.TaskChange;
import io.tillwatch.tasks.TaskListener;
import io.tillwatch.tasks.TaskSale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One readable log line per task change; ids and amounts only, never card data beyond the stored masked PAN (not logged). */
final class TaskLog implements TaskListener {
  private static final Logger LOG = LoggerFactory.getLogger("io.tillwatch.tasks");

  @Override
  public void changed(TaskChange change) {
    Task t = change.task();
    TaskSale s = t.sale();
    String money = s.hasAmount() ? " " + s.amount() + " " + s.currency() : "";
    String sale = s.txn() != null ? " txn " + s.txn() : " " + t.key().subject();
    LOG.info("task {} {} [{} {}] {}/{}{}{}", t.id(), change.text(), t.kind(), t.severity().label(), t.key().merchant(),
        t.key().terminal(), sale, money);
  }
}
