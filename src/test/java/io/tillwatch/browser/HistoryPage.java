package io.tillwatch.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** History ({@code #/history}): the search form over resolved tasks and its result table. */
final class HistoryPage {
  private final Browser b;

  HistoryPage(Browser b) {
    this.b = b;
  }

  HistoryPage open() {
    b.open("/console/#/history");
    b.waiting(SignInPage.LOAD).until(d -> !d.findElements(By.cssSelector("form#history-search")).isEmpty());
    return this;
  }

  /** Fills the terminal and txn fields (either may be empty) and submits. */
  void search(String terminal, String txn) {
    type("h-terminal", terminal);
    type("h-txn", txn);
    b.driver().findElement(By.id("h-submit")).click();
  }

  private void type(String id, String text) {
    WebElement field = b.driver().findElement(By.id(id));
    field.clear();
    field.sendKeys(text);
  }

  List<String> rowIds() {
    return b.driver().findElements(By.cssSelector("table#history tbody tr[data-task-id]")).stream()
        .map(e -> e.getDomAttribute("data-task-id")).toList();
  }
}
