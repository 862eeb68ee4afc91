package io.tillwatch.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The task page ({@code #/tasks/<id>}): {@code #task[data-state]}, what happened, the timeline, the actions. */
final class TaskPage {
  static final List<String> ACTION_BUTTONS = List.of("ack", "reprint", "resolve");
  private final Browser b;

  TaskPage(Browser b) {
    this.b = b;
  }

  TaskPage open(String taskId) {
    b.open("/console/#/tasks/" + taskId);
    return awaitShown(taskId);
  }

  /** Waits until the page shows this task (its state attribute set, so its data has loaded). */
  TaskPage awaitShown(String taskId) {
    b.waiting(SignInPage.LOAD).withMessage(() -> "task " + taskId + " not shown; the page shows: " + b.mainText())
        .until(d -> d.getCurrentUrl().endsWith("#/tasks/" + taskId) && state() != null);
    return this;
  }

  String state() {
    return b.driver().findElements(By.id("task")).stream().map(e -> e.getDomAttribute("data-state"))
        .filter(s -> s != null && !s.isBlank()).findFirst().orElse(null);
  }

  void awaitState(String state) {
    b.waiting(SignInPage.LOAD).withMessage(() -> "task state " + state() + ", not " + state + "; message: " + message())
        .until(d -> state.equals(state()));
  }

  String text(String id) {
    return b.waiting(SignInPage.LOAD).until(d -> d.findElement(By.id(id)).getText());
  }

  /** The whole task view's visible text. */
  String pageText() {
    return text("task");
  }

  List<String> timelineItems() {
    return b.driver().findElements(By.cssSelector("ol#timeline > li")).stream().map(WebElement::getText).toList();
  }

  List<String> historyItems() {
    return b.driver().findElements(By.cssSelector("#history > li")).stream().map(WebElement::getText).toList();
  }

  /** The action buttons present in the DOM (a read-role session must have none). */
  List<String> actionButtons() {
    return ACTION_BUTTONS.stream().filter(id -> !b.driver().findElements(By.cssSelector("button#" + id)).isEmpty()).toList();
  }

  void acknowledge() {
    click("ack");
  }

  /** Chooses the resolution, types the note and presses resolve. */
  void resolve(String resolution, String note) {
    fillResolution(resolution, note);
    click("resolve");
  }

  /** Chooses the resolution and types the note, without pressing resolve yet. */
  void fillResolution(String resolution, String note) {
    b.waiting(SignInPage.LOAD).until(d -> d.findElement(By.id("resolution")).isEnabled());
    new Select(b.driver().findElement(By.id("resolution"))).selectByValue(resolution);
    WebElement n = b.driver().findElement(By.id("note"));
    n.clear();
    n.sendKeys(note);
  }

  void pressResolve() {
    click("resolve");
  }

  List<String> resolutionOptions() {
    return new Select(b.driver().findElement(By.id("resolution"))).getOptions().stream().map(o -> o.getDomAttribute("value"))
        .toList();
  }

  private void click(String buttonId) {
    b.waiting(SignInPage.LOAD).until(d -> {
      WebElement button = d.findElement(By.id(buttonId));
      if (!button.isEnabled()) {
        return false;
      }
      button.click();
      return true;
    });
  }

  /** Waits for a message of this kind (conflict, error, ok) in {@code #task-message}; fails with the one shown otherwise. */
  Message awaitMessage(String kind) {
    try {
      return b.waiting(SignInPage.LOAD).until(d -> {
        Message m = message();
        return kind.equals(m.kind()) && !m.text().isBlank() ? m : null;
      });
    } catch (TimeoutException e) {
      throw new AssertionError("no '" + kind + "' message; the page shows " + message(), e);
    }
  }

  Message message() {
    WebElement m = b.driver().findElement(By.id("task-message"));
    return new Message(String.valueOf(m.getDomAttribute("data-kind")), m.getText());
  }

  record Message(String kind, String text) {}
}
