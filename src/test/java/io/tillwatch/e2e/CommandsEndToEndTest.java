package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandService;
import io.tillwatch.commands.CommandState;
import io.tillwatch.commands.ReprintRequest;
import io.tillwatch.commands.SaleDetails;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reprint commands through the embedded endpoint, with a real MQTT client (Paho) as the terminal:
 * sent to its own cmd topic, DELIVERED on its PUBACK, answered on cmd-result and acknowledged after
 * the answer is committed; kept while the terminal is away; expired; refused when the answer is
 * foreign, repeated, unknown or malformed; and after a restart sent again with the same id.
 */
class CommandsEndToEndTest {
  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private static ReprintRequest reprint(String key, String terminal, String txn) {
    return new ReprintRequest(key, "t_" + key, "m001", terminal, txn, new SaleDetails(12_850L, "CNY", "CARD", "433412345678",
        "A1B2C3", "622848******1234", "T0001-000123", 1_764_583_080_000L, "4200001234202612011234567890"));
  }

  private static CommandState state(CommandService commands, String id) {
    return commands.find(id).join().orElseThrow().state();
  }

  private static double metric(InProcessDaemon tw, String name) {
    return tw.api.metric(name);
  }

  @Test
  void aTerminalReceivesItsCommandAcknowledgesItAndItsAnswerArrives() throws Exception {
    try (InProcessDaemon tw = new InProcessDaemon(dir, Map.of());
         TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-cmd1")) {
      CommandInbox inbox = new CommandInbox(t);
      CommandService commands = tw.daemon.commands();
      Command c = commands.send(reprint("task1:reprint", "t-cmd1", "s1")).join();

      await().atMost(WAIT).until(() -> inbox.ids().equals(List.of(c.id())));
      JsonObject received = inbox.received.get(0);
      assertEquals("REPRINT", received.getString("type"));
      assertEquals("s1", received.getString("txn"));
      assertEquals("t_task1:reprint", received.getString("taskId"));
      assertEquals("622848******1234", received.getJsonObject("sale").getString("pan"));
      await().atMost(WAIT).until(() -> state(commands, c.id()) == CommandState.DELIVERED);

      inbox.answer(c.id(), "DONE", null);
      assertEquals(CommandState.DONE, state(commands, c.id()), "acknowledged only after the answer was committed");
      assertEquals(1.0, metric(tw, "tillwatch_commands_sent_total{type=\"reprint\"}"));
      assertEquals(1.0, metric(tw, "tillwatch_commands_delivered_total{type=\"reprint\"}"));
      assertEquals(1.0, metric(tw, "tillwatch_command_results_total{status=\"done\",type=\"reprint\"}"));
      assertEquals(0.0, metric(tw, "tillwatch_commands_pending"));
    }
  }

  @Test
  void aCommandForAnOfflineTerminalIsDeliveredWhenItSubscribes() throws Exception {
    try (InProcessDaemon tw = new InProcessDaemon(dir, Map.of())) {
      CommandService commands = tw.daemon.commands();
      Command c = commands.send(reprint("task2:reprint", "t-away", "s2")).join();
      assertEquals(CommandState.PENDING, state(commands, c.id()));
      assertEquals(1.0, metric(tw, "tillwatch_commands_pending"));
      try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-away")) {
        CommandInbox inbox = new CommandInbox(t);
        await().atMost(WAIT).until(() -> inbox.ids().equals(List.of(c.id())));
        await().atMost(WAIT).until(() -> state(commands, c.id()) == CommandState.DELIVERED);
        inbox.answer(c.id(), "FAILED", "PAPER_OUT");
        Command failed = commands.find(c.id()).join().orElseThrow();
        assertEquals(CommandState.FAILED, failed.state());
        assertEquals("PAPER_OUT", failed.reason());
      }
    }
  }

  @Test
  void aCommandNobodyTakesExpiresAndIsNotSentAfterwards() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("commands.expiry", "1s");
    try (InProcessDaemon tw = new InProcessDaemon(dir, settings)) {
      CommandService commands = tw.daemon.commands();
      Command c = commands.send(reprint("task3:reprint", "t-late", "s3")).join();
      await().atMost(WAIT).until(() -> state(commands, c.id()) == CommandState.EXPIRED);
      assertEquals(1.0, metric(tw, "tillwatch_commands_expired_total{type=\"reprint\"}"));
      try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-late")) {
        CommandInbox inbox = new CommandInbox(t);
        t.heartbeat(30, 0); // a round trip after the subscription: anything sent for it would have arrived
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> inbox.received.isEmpty());
      }
    }
  }

  @Test
  void foreignRepeatedUnknownAndMalformedAnswersAreRefusedCountedAndAcknowledged() throws Exception {
    try (InProcessDaemon tw = new InProcessDaemon(dir, Map.of());
         TestTerminal t1 = new TestTerminal(tw.mqttPort(), "m001", "t-one");
         TestTerminal t2 = new TestTerminal(tw.mqttPort(), "m001", "t-two")) {
      CommandInbox inbox = new CommandInbox(t1);
      CommandService commands = tw.daemon.commands();
      Command c = commands.send(reprint("task4:reprint", "t-one", "s4")).join();
      await().atMost(WAIT).until(() -> inbox.ids().equals(List.of(c.id())));

      t2.publish("cmd-result", CommandInbox.result(c.id(), "REJECTED", "UNKNOWN_SALE"), 1); // t-two answers t-one's command
      assertEquals(1.0, metric(tw, "tillwatch_command_results_refused_total{reason=\"other_terminal\"}"));
      inbox.answer(c.id(), "DONE", null);
      inbox.answer(c.id(), "FAILED", "PAPER_OUT"); // a second answer for the same id
      assertEquals(1.0, metric(tw, "tillwatch_command_results_refused_total{reason=\"duplicate\"}"));
      inbox.answer("cmd-NOBODYKNOWS", "DONE", null);
      assertEquals(1.0, metric(tw, "tillwatch_command_results_refused_total{reason=\"unknown_id\"}"));
      t1.publish("cmd-result", "{\"id\":\"" + c.id() + "\",\"status\":\"PRINTED\",\"at\":1764583202120}", 1);
      assertEquals(1.0, metric(tw, "tillwatch_command_results_refused_total{reason=\"malformed\"}"));
      assertEquals(1.0, metric(tw, "tillwatch_messages_rejected_total{reason=\"bad_field\"}"));

      assertEquals(CommandState.DONE, state(commands, c.id()), "the first answer of the right terminal stands");
      assertEquals(1.0, metric(tw, "tillwatch_command_results_total{status=\"done\",type=\"reprint\"}"));
      assertEquals(0.0, metric(tw, "tillwatch_command_results_total{status=\"failed\",type=\"reprint\"}"));
    }
  }

  @Test
  void afterARestartAPendingCommandGoesOutWithItsIdAndItsKeyMakesNoSecond() throws Exception {
    Command c;
    try (InProcessDaemon first = new InProcessDaemon(dir, Map.of())) {
      c = first.daemon.commands().send(reprint("task5:reprint", "t-restart", "s5")).join();
    }
    try (InProcessDaemon second = new InProcessDaemon(dir, Map.of())) {
      CommandService commands = second.daemon.commands();
      assertEquals(c, commands.send(reprint("task5:reprint", "t-restart", "s5")).join(), "the follow-up repeating its step");
      assertEquals(0.0, metric(second, "tillwatch_commands_sent_total{type=\"reprint\"}"));
      assertEquals(1.0, metric(second, "tillwatch_commands_pending"));
      try (TestTerminal t = new TestTerminal(second.mqttPort(), "m001", "t-restart")) {
        CommandInbox inbox = new CommandInbox(t);
        await().atMost(WAIT).until(() -> inbox.ids().equals(List.of(c.id())));
        inbox.answer(c.id(), "DONE", null);
        assertEquals(CommandState.DONE, state(commands, c.id()));
      }
    }
  }

  @Test
  void aCommandTheTerminalNeverAcknowledgedIsSentAgainWithItsIdOnTheNextConnection() throws Exception {
    try (InProcessDaemon tw = new InProcessDaemon(dir, Map.of())) {
      CommandService commands = tw.daemon.commands();
      List<String> firstConnection = new java.util.concurrent.CopyOnWriteArrayList<>();
      TestTerminal crashing = new TestTerminal(tw.mqttPort(), "m001", "t-noack");
      // Paho sends no PUBACK when the listener throws, and drops the connection: firmware dying mid-message.
      crashing.client().subscribe(crashing.topic("cmd"), 1, (topic, m) -> {
        firstConnection.add(new JsonObject(new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8)).getString("id"));
        throw new IllegalStateException("terminal died before storing the command");
      }).waitForCompletion(10_000);
      Command c = commands.send(reprint("task6:reprint", "t-noack", "s6")).join();
      await().atMost(WAIT).until(() -> firstConnection.equals(List.of(c.id())) && !crashing.client().isConnected());
      crashing.close();
      assertEquals(CommandState.PENDING, state(commands, c.id()), "no PUBACK, not delivered");

      try (TestTerminal t = new TestTerminal(tw.mqttPort(), "m001", "t-noack")) {
        CommandInbox inbox = new CommandInbox(t);
        await().atMost(WAIT).until(() -> inbox.ids().equals(List.of(c.id())));
        await().atMost(WAIT).until(() -> state(commands, c.id()) == CommandState.DELIVERED);
      }
    }
  }
}
