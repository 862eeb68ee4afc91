package io.tillwatch.commands;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A channel the test switches on and off; remembers every command it was offered while on. */
final class RecordingChannel implements CommandChannel {
  record Sent(String id, String topic, String json) {}

  final List<Sent> sent = new CopyOnWriteArrayList<>();
  volatile boolean reachable = true;

  @Override
  public boolean offer(Command command, byte[] payload) {
    if (!reachable) {
      return false;
    }
    sent.add(new Sent(command.id(), command.topic(), new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
    return true;
  }

  List<String> ids() {
    return sent.stream().map(Sent::id).toList();
  }
}
