package io.tillwatch.browser;

import org.openqa.selenium.By;

/** The terminal page ({@code #/terminals/<merchant>/<terminal>}): liveness, heartbeat, printer, backlog, tasks. */
final class TerminalPage {
  private final Browser b;

  TerminalPage(Browser b) {
    this.b = b;
  }

  TerminalPage open(String merchant, String terminal) {
    b.open("/console/#/terminals/" + merchant + "/" + terminal);
    b.waiting(SignInPage.LOAD).until(d -> liveness() != null);
    return this;
  }

  String liveness() {
    return b.driver().findElements(By.id("terminal")).stream().map(e -> e.getDomAttribute("data-liveness"))
        .filter(s -> s != null && !s.isBlank()).findFirst().orElse(null);
  }

  String text(String id) {
    return b.waiting(SignInPage.LOAD).until(d -> d.findElement(By.id(id)).getText());
  }
}
