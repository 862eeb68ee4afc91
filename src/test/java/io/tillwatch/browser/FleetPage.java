package io.tillwatch.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The fleet view ({@code #/fleet}): counts by kind and severity, silent terminals, the oldest open money task. */
final class FleetPage {
  private final Browser b;

  FleetPage(Browser b) {
    this.b = b;
  }

  FleetPage open() {
    b.open("/console/#/fleet");
    b.waiting(SignInPage.LOAD).until(d -> !d.findElements(By.cssSelector("#fleet #fleet-kinds")).isEmpty());
    return this;
  }

  String kindCount(String kind) {
    return b.driver().findElements(By.cssSelector("#fleet-kinds [data-kind='" + kind + "']")).stream().map(WebElement::getText)
        .findFirst().orElse(null);
  }

  String text(String id) {
    return b.driver().findElement(By.id(id)).getText();
  }
}
