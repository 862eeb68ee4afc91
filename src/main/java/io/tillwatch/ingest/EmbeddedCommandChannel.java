package io.tillwatch.ingest;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.tillwatch.commands.Command;
import io.tillwatch.commands.CommandChannel;
import io.tillwatch.commands.CommandDeliveries;
import io.tillwatch.telemetry.Topic;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Terminal commands through the embedded endpoint: published at QoS 1 to the connection that holds
 * the terminal's subscription to its own cmd topic, DELIVERED on that connection's PUBACK.
 *
 * <p>Design notes. The endpoint is not a broker and keeps no session: a command for a terminal
 * that is not subscribed is simply not sent ({@link #offer} says false) and the command service
 * keeps it; when the terminal subscribes, the service hears {@code reachable} and offers it again,
 * with the same id. What is in flight (sent, not yet acknowledged) is remembered per connection, on
 * that connection's event loop: the same connection is never sent a command twice, and a new
 * connection starts with nothing in flight, so what the old one never acknowledged goes out again
 * (MQTT resends unacknowledged messages only after a reconnect, never on the same connection). A
 * terminal that subscribed at QoS 0 gets the command at QoS 0 and it counts as delivered once
 * written: there will be no PUBACK to wait for.
 */
public final class EmbeddedCommandChannel implements CommandChannel {
  private final Subscriptions subscriptions;
  private final CommandDeliveries deliveries;
  /** By cmd topic: the connection last sent to and what it has not acknowledged. */
  private final ConcurrentHashMap<String, InFlight> inFlight = new ConcurrentHashMap<>();

  public EmbeddedCommandChannel(Subscriptions subscriptions, CommandDeliveries deliveries) {
    this.subscriptions = subscriptions;
    this.deliveries = deliveries;
    subscriptions.onSubscribed(this::subscribed);
  }

  /** Commands sent on one connection and not yet acknowledged; touched only on that connection's context. */
  private static final class InFlight {
    final MqttEndpoint endpoint;
    final Map<Integer, String> byPacketId = new HashMap<>();

    InFlight(MqttEndpoint endpoint) {
      this.endpoint = endpoint;
    }
  }

  @Override
  public boolean offer(Command command, byte[] payload) {
    String topic = command.topic();
    Subscriptions.Subscription s = subscriptions.exact(topic);
    if (s == null) {
      return false;
    }
    s.context().runOnContext(v -> send(s, topic, command.id(), payload));
    return true;
  }

  private void send(Subscriptions.Subscription s, String topic, String commandId, byte[] payload) {
    MqttEndpoint endpoint = s.endpoint();
    if (!endpoint.isConnected()) {
      return; // gone since the offer: the next subscription or sweep sends it
    }
    InFlight flight = inFlight.compute(topic, (t, old) -> old != null && old.endpoint == endpoint ? old : watch(endpoint));
    if (flight.byPacketId.containsValue(commandId)) {
      return; // already on this connection, waiting for its PUBACK
    }
    MqttQoS qos = s.qos() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
    endpoint.publish(topic, Buffer.buffer(payload), qos, false, false).onSuccess(packetId -> {
      if (qos == MqttQoS.AT_MOST_ONCE) {
        deliveries.delivered(commandId);
      } else {
        flight.byPacketId.put(packetId, commandId);
      }
    });
  }

  /** A new connection to send commands to: its PUBACKs are matched against what it was sent. */
  private InFlight watch(MqttEndpoint endpoint) {
    InFlight flight = new InFlight(endpoint);
    endpoint.publishAcknowledgeHandler(packetId -> {
      String commandId = flight.byPacketId.remove(packetId);
      if (commandId != null) {
        deliveries.delivered(commandId);
      }
    });
    return flight;
  }

  /** A subscription to {@code pos/v1/{merchant}/{terminal}/cmd}: what waits for that terminal goes out now. */
  private void subscribed(Subscriptions.Subscription s) {
    String[] levels = s.filter().split("/", -1);
    if (s.filter().startsWith(Topic.PREFIX) && levels.length == 5 && levels[4].equals("cmd")) {
      deliveries.reachable(levels[2], levels[3]);
    }
  }
}
