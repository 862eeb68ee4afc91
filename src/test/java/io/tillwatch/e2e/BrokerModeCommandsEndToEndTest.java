package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandService;
import io.tillwatch.commands.CommandState;
import io.tillwatch.commands.ReprintRequest;
import io.tillwatch.commands.SaleDetails;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reprint commands in broker mode against a real Mosquitto: published through the broker
 * (DELIVERED on the broker's PUBACK), received by the terminal's subscription there, and its
 * answer on cmd-result reaches TillWatch through its subscription to the broker.
 */
class BrokerModeCommandsEndToEndTest {
  @TempDir
  Path dir;

  @Test
  void aCommandGoesThroughTheBrokerAndItsAnswerComesBack() throws Exception {
    try (MosquittoBroker broker = new MosquittoBroker(dir.resolve("mosquitto"))) {
      Map<String, String> settings = new HashMap<>(InProcessDaemon.FAST);
      settings.put("ingest.mode", "broker");
      settings.put("broker.url", broker.url());
      settings.put("broker.client-id", "tw-commands");
      settings.put("broker.reconnect-min", "50ms");
      settings.put("broker.reconnect-max", "500ms");
      try (InProcessDaemon tw = new InProcessDaemon(dir.resolve("data"), settings);
           TestTerminal t = new TestTerminal(broker.port, "m001", "t-bcmd")) {
        await().atMost(Duration.ofSeconds(10)).until(() -> tw.api.get("/health/ready").status() == 200);
        CommandInbox inbox = new CommandInbox(t);
        CommandService commands = tw.daemon.commands();
        Command c = commands.send(new ReprintRequest("task-b:reprint", "t_b", "m001", "t-bcmd", "s1", SaleDetails.NONE)).join();

        await().atMost(Duration.ofSeconds(15)).until(() -> inbox.ids().equals(List.of(c.id())));
        await().atMost(Duration.ofSeconds(15)).until(() -> commands.find(c.id()).join().orElseThrow().state() != CommandState.PENDING);
        inbox.answer(c.id(), "DONE", null); // acknowledged by the broker, not by TillWatch: wait for it to arrive
        await().atMost(Duration.ofSeconds(15)).until(() -> commands.find(c.id()).join().orElseThrow().state() == CommandState.DONE);
        assertEquals(1.0, tw.api.metric("tillwatch_commands_delivered_total{type=\"reprint\"}"));
        assertEquals(1.0, tw.api.metric("tillwatch_command_results_total{status=\"done\",type=\"reprint\"}"));
        assertEquals(0.0, tw.api.metric("tillwatch_commands_pending"));
      }
    }
  }
}
