package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandChannel;
import io.tillwatch.commands.CommandDeliveries;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import java.util.HashMap;
import java.util.Map;

/**
 * Terminal commands in broker mode: published at QoS 1 through {@link BrokerIngestVerticle}'s
 * connection, DELIVERED on the broker's PUBACK — which means "the broker has it", not "the
 * terminal has it". From there the broker delivers it to the terminal's subscription, or keeps it
 * in the terminal's persistent session while it is away (a terminal with a clean session that is
 * offline gets nothing: it learns of the command only if it is subscribed when the broker routes it).
 * The broker client speaks MQTT 3.1.1, so no MQTT 5 message expiry is set: the command's
 * {@code expiresAt} is what tells a terminal that receives it late to ignore it.
 *
 * <p>Design notes. What is in flight is remembered per client connection, on the verticle's
 * context; each reconnect uses a new client, so commands the old connection never had acknowledged
 * are sent again (same id) when the command service next offers them.
 */
public final class BrokerCommandChannel implements CommandChannel {
  private final CommandDeliveries deliveries;
  private volatile BrokerIngestVerticle broker;
  // The rest is touched only on the broker verticle's context.
  private MqttClient client;
  private final Map<Integer, String> byPacketId = new HashMap<>();

  public BrokerCommandChannel(CommandDeliveries deliveries) {
    this.deliveries = deliveries;
  }

  /** The broker connection to publish through; set when the broker verticle is made. */
  void attach(BrokerIngestVerticle broker) {
    this.broker = broker;
  }

  @Override
  public boolean offer(Command command, byte[] payload) {
    BrokerIngestVerticle b = broker;
    if (b == null || !b.connected()) {
      return false;
    }
    b.runOnContext(() -> send(b.client(), command, payload));
    return true;
  }

  private void send(MqttClient c, Command command, byte[] payload) {
    if (c == null || !c.isConnected()) {
      return;
    }
    if (c != client) {
      client = c;
      byPacketId.clear();
    }
    if (byPacketId.containsValue(command.id())) {
      return;
    }
    c.publish(command.topic(), Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, false)
        .onSuccess(packetId -> {
          if (c == client) {
            byPacketId.put(packetId, command.id());
          }
        });
  }

  /** The broker's PUBACK for a packet of this client (called on the verticle's context). */
  void completed(MqttClient c, int packetId) {
    if (c != client) {
      return;
    }
    String commandId = byPacketId.remove(packetId);
    if (commandId != null) {
      deliveries.delivered(commandId);
    }
  }
}
