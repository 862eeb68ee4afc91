package io.tillwatch.e2e;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A terminal speaking the contract through Eclipse Paho, an MQTT client independent of TillWatch's
 * own stack. {@link #publish} returns once the PUBACK arrived (QoS 1), which is exactly the moment
 * the terminal may consider an event delivered.
 */
public final class TestTerminal implements AutoCloseable {
  final String merchant;
  final String terminal;
  private final MqttAsyncClient client;
  private long seq;

  public TestTerminal(int port, String merchant, String terminal) throws MqttException {
    this.merchant = merchant;
    this.terminal = terminal;
    this.client = new MqttAsyncClient("tcp://127.0.0.1:" + port, terminal, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setKeepAliveInterval(30);
    o.setMaxInflight(1000);
    o.setWill(topic("status"), "offline".getBytes(StandardCharsets.UTF_8), 1, true);
    client.connect(o).waitForCompletion(10_000);
    publish("status", "online", 1);
  }

  String topic(String kind) {
    return "pos/v1/" + merchant + "/" + terminal + "/" + kind;
  }

  /** Publishes and waits for the acknowledgement (QoS 1) or the send (QoS 0). */
  public void publish(String kind, String payload, int qos) throws MqttException {
    publishAsync(topic(kind), payload, qos).waitForCompletion(15_000);
  }

  IMqttDeliveryToken publishAsync(String topic, String payload, int qos) throws MqttException {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(qos);
    return client.publish(topic, m);
  }

  /** Publishes the next event of a sale with this terminal's next seq; returns the seq used. */
  public long event(String txn, String event, long amount) throws MqttException {
    long s = ++seq;
    publish("txn", Payloads.txn(txn, s, event, amount), 1);
    return s;
  }

  /** Consumes a seq without publishing it: a lost event. */
  public long lose() {
    return ++seq;
  }

  public long lastSeq() {
    return seq;
  }

  public void heartbeat(int intervalSec, int pendingUploads) throws MqttException {
    publish("heartbeat", Payloads.heartbeat(intervalSec, seq, pendingUploads), 1);
  }

  MqttAsyncClient client() {
    return client;
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect().waitForCompletion(5_000);
    }
    client.close();
  }
}
