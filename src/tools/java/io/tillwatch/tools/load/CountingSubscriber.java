package io.tillwatch.tools.load;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.concurrent.atomic.LongAdder;

/**
 * One QoS 1 subscriber that only counts: the far end of a broker relay, whose received (and
 * acknowledged: the Vert.x client sends the PUBACK as it hands the message over) messages are the
 * relay's throughput.
 */
public final class CountingSubscriber {
  private final LongAdder received = new LongAdder();
  private final MqttClient client;

  private CountingSubscriber(MqttClient client) {
    this.client = client;
  }

  /** Connects with a clean session and subscribes to {@code filter} at QoS 1. */
  public static Future<CountingSubscriber> start(Vertx vertx, String host, int port, String clientId, String filter) {
    MqttClientOptions o = new MqttClientOptions().setClientId(clientId).setCleanSession(true).setKeepAliveInterval(60)
        .setAutoKeepAlive(true);
    MqttClient c = MqttClient.create(vertx, o);
    CountingSubscriber s = new CountingSubscriber(c);
    c.publishHandler(m -> s.received.increment());
    return c.connect(port, host).compose(ack -> c.subscribe(filter, MqttQoS.AT_LEAST_ONCE.value())).map(id -> s);
  }

  public long received() {
    return received.sum();
  }

  public Future<Void> stop() {
    return client.isConnected() ? client.disconnect() : Future.succeededFuture();
  }
}
