package io.tillwatch.browser;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tillwatch.e2e.DaemonProcess;
import io.tillwatch.e2e.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The first acceptance criterion in a real browser: a newcomer runs {@code tillwatch demo},
 * opens the URL it prints, signs in with a name (the demo has authentication off), sees tasks arrive
 * live, and works one to RESOLVED using only what the page offers: the first task's link, the
 * acknowledge button if there is one, the resolution the form proposes, and the resolve button.
 */
class DemoConsoleIT {
  static final Pattern CONSOLE_URL = Pattern.compile("Open the operator console: (\\S+)");
  static final String NEWCOMER = "newcomer";

  @TempDir
  Path dir;

  @Test
  void aNewcomerSeesTasksArriveLiveAndWorksOneToResolved() throws Exception {
    Path log = Files.createFile(dir.resolve("demo.log"));
    try (DaemonProcess demo = DaemonProcess.start("demo", dir.resolve("data"), log, FreePorts.next(), FreePorts.next(), List.of());
        Browser b = Browser.start("http://127.0.0.1:" + demo.httpPort, "en")) {
      String url = await().atMost(Duration.ofSeconds(20)).until(() -> consoleUrl(log), u -> u != null);

      SignInPage signIn = new SignInPage(b).openByName(url);
      b.screenshot("demo-signin");
      signIn.signInByName(NEWCOMER);
      InboxPage inbox = new InboxPage(b).awaitShown().awaitLive();
      List<String> atSignIn = inbox.rowIds();
      inbox.recordArrivals();
      b.waiting(Duration.ofSeconds(90)).withMessage(() -> "no task arrived live in the demo's inbox")
          .until(d -> inbox.arrivals().keySet().stream().anyMatch(id -> !atSignIn.contains(id)));
      b.screenshot("demo-inbox");

      // The demo's sales keep going: a task may settle by itself (a late receipt) before the newcomer
      // resolves it, and the page then says so; a newcomer would take the next one, and so does this.
      List<String> tried = new ArrayList<>();
      String resolved = null;
      while (resolved == null && tried.size() < 5) {
        b.driver().findElement(By.cssSelector("a[href='#/inbox']")).click(); // the origin the demo printed, as a user stays on
        inbox.awaitShown();
        String id = inbox.openFirstTaskExcept(tried);
        tried.add(id);
        TaskPage task = new TaskPage(b);
        if (!"RESOLVED".equals(task.state()) && !b.driver().findElements(By.id("ack")).isEmpty()) {
          task.acknowledge();
          b.waiting(SignInPage.LOAD).until(d -> !"OPEN".equals(task.state()));
        }
        if (task.actionButtons().contains("resolve")) {
          try {
            task.pressResolve(); // the resolution the form proposes, no note
          } catch (org.openqa.selenium.TimeoutException gone) {
            // Settled between reading its buttons and pressing (the demo's 补单 loop reprints within about a
            // second of a task opening): the live page no longer offers resolve. Failed once in CI this way.
            if (!"RESOLVED".equals(task.state())) {
              throw gone;
            }
            continue;
          }
          b.waiting(SignInPage.LOAD).until(d -> "RESOLVED".equals(task.state()) || "conflict".equals(task.message().kind()));
        }
        if ("RESOLVED".equals(task.state())
            && NEWCOMER.equals(demo.api.get("/api/v1/tasks/" + id).json().getString("resolvedBy"))) {
          resolved = id;
        }
      }
      assertNotNull(resolved, "no task worked to RESOLVED by " + NEWCOMER + " among " + tried);
      b.screenshot("demo-task-resolved");
    }
  }

  /** The console URL the demo printed, once it has. */
  static String consoleUrl(Path log) throws java.io.IOException {
    Matcher m = CONSOLE_URL.matcher(Files.readString(log));
    return m.find() ? m.group(1) : null;
  }
}
