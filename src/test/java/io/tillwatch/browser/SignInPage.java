package io.tillwatch.browser;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The sign-in view ({@code #signin}) in token mode, and the header that shows who is signed in. */
final class SignInPage {
  static final Duration LOAD = Duration.ofSeconds(20);
  private final Browser b;

  SignInPage(Browser b) {
    this.b = b;
  }

  /** Opens the console signed out and waits for the token field (the daemon runs with http.auth=token). */
  SignInPage open() {
    b.open("/console/");
    b.waiting(LOAD).withMessage(() -> "no token field; the page shows: " + b.mainText())
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-token")));
    return this;
  }

  /** Opens {@code url} (e.g. the URL the demo prints) and waits for the name field of a daemon with authentication off. */
  SignInPage openByName(String url) {
    b.driver().get(url);
    b.waiting(LOAD).withMessage(() -> "no name field; the page shows: " + b.mainText())
        .until(ExpectedConditions.visibilityOfElementLocated(By.id("signin-name")));
    return this;
  }

  /** Types the token and submits; does not wait for the outcome. */
  void submit(String token) {
    type("signin-token", token);
  }

  /** Types a name (authentication off: an unverified name, operator role) and waits until the header shows it. */
  void signInByName(String name) {
    type("signin-name", name);
    b.waiting(LOAD).withMessage(() -> "not signed in as " + name + "; the page shows: " + b.mainText())
        .until(d -> whoami().contains(name));
  }

  private void type(String fieldId, String text) {
    WebElement field = b.driver().findElement(By.id(fieldId));
    field.clear();
    field.sendKeys(text);
    b.driver().findElement(By.id("signin-submit")).click();
  }

  /** Submits a token and waits until the header names the holder. */
  void signIn(String token, String expectedName) {
    submit(token);
    b.waiting(LOAD).withMessage(() -> "not signed in as " + expectedName + "; the page shows: " + b.mainText())
        .until(d -> whoami().contains(expectedName));
  }

  /** The error a wrong token shows, once it shows one. */
  String awaitError() {
    return b.waiting(LOAD).until(d -> {
      String t = d.findElement(By.id("signin-error")).getText();
      return t.isBlank() ? null : t;
    });
  }

  String whoami() {
    return b.driver().findElements(By.id("whoami")).stream().map(WebElement::getText).findFirst().orElse("");
  }

  /** Opens the console and signs in: the usual first step of a test. */
  static void as(Browser b, String token, String name) {
    new SignInPage(b).open().signIn(token, name);
  }
}
