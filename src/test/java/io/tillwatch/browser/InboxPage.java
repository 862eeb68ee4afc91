package io.tillwatch.browser;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The inbox ({@code #/inbox}): {@code table#inbox}, one {@code tr[data-task-id]} per open or acknowledged task. */
final class InboxPage {
  /** The bound for a change to show without a reload. */
  static final Duration LIVE = Duration.ofSeconds(2);

  /**
   * Records, in the page, the wall-clock time (epoch ms, the clock the daemon's detectedAt uses on
   * this machine) at which each task's row is first inserted into the DOM. A MutationObserver runs
   * right after the mutation, before the next paint, so polling from the test (tens of ms per
   * WebDriver round trip) adds nothing to the figure.
   */
  private static final String RECORD_ARRIVALS = """
      if (!window.__arrivals) {
        window.__arrivals = {};
        const mark = () => {
          const now = Date.now();
          document.querySelectorAll('#inbox tbody tr[data-task-id]').forEach(r => {
            const id = r.getAttribute('data-task-id');
            if (!(id in window.__arrivals)) window.__arrivals[id] = now;
          });
        };
        mark();
        window.__arrivalObserver = new MutationObserver(mark);
        window.__arrivalObserver.observe(document.documentElement, {childList: true, subtree: true});
      }""";

  private final Browser b;

  InboxPage(Browser b) {
    this.b = b;
  }

  InboxPage open() {
    b.open("/console/#/inbox");
    return awaitShown();
  }

  /** Waits until the inbox table is in the page. */
  InboxPage awaitShown() {
    b.waiting(SignInPage.LOAD).withMessage(() -> "no table#inbox; the page shows: " + b.mainText())
        .until(d -> !d.findElements(By.cssSelector("table#inbox")).isEmpty());
    return this;
  }

  /** Waits until the header says the live stream is connected ({@code #live[data-state=live]}). */
  InboxPage awaitLive() {
    b.waiting(SignInPage.LOAD).withMessage(() -> "the live stream did not connect: #live data-state=" + liveState())
        .until(d -> "live".equals(liveState()));
    return this;
  }

  String liveState() {
    return b.driver().findElements(By.id("live")).stream().map(e -> e.getDomAttribute("data-state")).findFirst().orElse(null);
  }

  static By row(String taskId) {
    return By.cssSelector("#inbox tbody tr[data-task-id='" + taskId + "']");
  }

  boolean hasRow(String taskId) {
    return !b.driver().findElements(row(taskId)).isEmpty();
  }

  void awaitRow(String taskId, Duration within) {
    b.waiting(within).withMessage(() -> "no inbox row for " + taskId + " within " + within + " (live: " + liveState() + ")")
        .until(d -> hasRow(taskId));
  }

  void awaitNoRow(String taskId, Duration within) {
    b.waiting(within).withMessage(() -> "the inbox row of " + taskId + " still there after " + within + " (live: "
        + liveState() + ")").until(d -> !hasRow(taskId));
  }

  List<String> rowIds() {
    return b.driver().findElements(By.cssSelector("#inbox tbody tr[data-task-id]")).stream()
        .map(e -> e.getDomAttribute("data-task-id")).toList();
  }

  /** Clicks the row's task link and waits for the task page. */
  TaskPage openTask(String taskId) {
    b.waiting(SignInPage.LOAD).until(d -> {
      d.findElement(row(taskId)).findElement(By.cssSelector("a.task-link")).click();
      return true;
    });
    return new TaskPage(b).awaitShown(taskId);
  }

  /**
   * Clicks the link of the first row not in {@code skip} and returns that task's id, waiting for the
   * task page; for an inbox whose rows come and go while the test looks (the demo's).
   */
  String openFirstTaskExcept(Collection<String> skip) {
    String id = b.waiting(SignInPage.LOAD).until(d -> {
      for (WebElement row : d.findElements(By.cssSelector("#inbox tbody tr[data-task-id]"))) {
        String rowId = row.getDomAttribute("data-task-id");
        if (!skip.contains(rowId)) {
          row.findElement(By.cssSelector("a.task-link")).click();
          return rowId;
        }
      }
      return null;
    });
    new TaskPage(b).awaitShown(id);
    return id;
  }

  /** The count shown for one kind in {@code #counts}, or null when the kind has no count element. */
  String count(String kind) {
    return b.driver().findElements(By.cssSelector("#counts [data-kind='" + kind + "']")).stream().map(WebElement::getText)
        .findFirst().orElse(null);
  }

  void recordArrivals() {
    b.js(RECORD_ARRIVALS);
  }

  /** When the recorder saw this task's row first (epoch ms). */
  long awaitArrival(String taskId) {
    return b.waiting(SignInPage.LOAD)
        .withMessage(() -> "no arrival recorded for " + taskId + "; recorded: " + b.js("return JSON.stringify(window.__arrivals)")
            + "; rows: " + rowIds())
        .until(d -> arrivals().get(taskId));
  }

  /** Task id to the epoch ms its row was first seen, for rows seen since {@link #recordArrivals}. */
  Map<String, Long> arrivals() {
    Object raw = b.js("return window.__arrivals || {};");
    return ((Map<?, ?>) raw).entrySet().stream()
        .collect(Collectors.toMap(e -> (String) e.getKey(), e -> ((Number) e.getValue()).longValue()));
  }
}
