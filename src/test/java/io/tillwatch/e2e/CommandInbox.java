package io.tillwatch.e2e;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * A {@link TestTerminal}'s subscription to its own cmd topic: every command it receives, in order.
 * Paho acknowledges (PUBACK) a QoS 1 message once the listener returns, as firmware would after
 * storing the command.
 */
public final class CommandInbox {
  final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final TestTerminal terminal;

  public CommandInbox(TestTerminal terminal) throws MqttException {
    this.terminal = terminal;
    terminal.client().subscribe(terminal.topic("cmd"), 1,
        (topic, m) -> received.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))).waitForCompletion(10_000);
  }

  public List<String> ids() {
    return received.stream().map(j -> j.getString("id")).toList();
  }

  /** Answers a command on the terminal's cmd-result topic; returns once TillWatch acknowledged it. */
  public void answer(String id, String status, String reason) throws MqttException {
    terminal.publish("cmd-result", result(id, status, reason), 1);
  }

  static String result(String id, String status, String reason) {
    return new JsonObject().put("id", id).put("status", status).put("at", "2026-12-01T10:00:02.120Z").put("reason", reason)
        .encode();
  }
}
