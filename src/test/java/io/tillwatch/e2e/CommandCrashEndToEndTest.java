package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandService;
import io.tillwatch.commands.CommandState;
import io.tillwatch.commands.ReprintRequest;
import io.tillwatch.commands.SaleDetails;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 with an unanswered command: the daemon (its own JVM) sends a reprint to a terminal that
 * is away and is killed with SIGKILL. After a restart on the same data directory the command is
 * still pending, goes out to the terminal when it subscribes with the id it was made with, and the
 * same request (the follow-up repeating its step) makes no second command.
 */
class CommandCrashEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void aPendingCommandSurvivesKillNineAndGoesOutWithTheSameId() throws Exception {
    Path data = dir.resolve("data");
    Process child = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), CommandSenderMain.class.getName(), data.toString(), "crash:reprint",
        "t-crash")
        .redirectError(dir.resolve("child.err").toFile()).start();
    String id;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("SENT "));
      assertTrue(line != null, "the child sent its command (see child.err)");
      id = line.substring("SENT ".length());
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no store close
      child.waitFor(10, TimeUnit.SECONDS);
    }

    try (InProcessDaemon tw = new InProcessDaemon(data, Map.of())) {
      CommandService commands = tw.daemon.commands();
      assertEquals(List.of(id), commands.openCommands().stream().map(Command::id).toList(), "nothing pending was lost");
      Command again = commands.send(new ReprintRequest("crash:reprint", "t_crash", "m001", "t-crash", "s1", SaleDetails.NONE)).join();
      assertEquals(id, again.id(), "the repeated step gets the command made before the crash");
      assertEquals(0.0, tw.api.metric("tillwatch_commands_sent_total{type=\"reprint\"}"));
      try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-crash")) {
        CommandInbox inbox = new CommandInbox(t);
        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.ids().equals(List.of(id)));
        inbox.answer(id, "DONE", null);
        assertEquals(CommandState.DONE, commands.find(id).join().orElseThrow().state());
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> inbox.ids().equals(List.of(id)));
      }
    }
  }
}
