package io.tillwatch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One MQTT connection of the embedded endpoint, with a real MQTT client (Paho, 3.1.1) but no
 * daemon: the journal commits when the test says so and the metrics are recorded. What it pins
 * down: the PUBACK waits for the commit, a publish outside the client's own topics is refused,
 * counted and ends a 3.1.1 connection, and connections are counted.
 */
class MqttConnectionTest {
  private TestEndpoint endpoint;
  private FakeJournal journal;
  private RecordingConnectionMetrics metrics;

  @BeforeEach
  void startEndpoint() throws Exception {
    endpoint = new TestEndpoint(new ConnectionLimits(10, 10, 600, 1000, 100));
    journal = endpoint.journal;
    metrics = endpoint.metrics;
  }

  @AfterEach
  void stop() throws Exception {
    endpoint.close();
  }

  @Test
  void thePubackWaitsForTheCommit() throws Exception {
    MqttAsyncClient client = connect("t0001");
    IMqttDeliveryToken token = client.publish("pos/v1/m001/t0001/txn", txn(), 1, false);

    await().atMost(Duration.ofSeconds(10)).until(() -> journal.appended.size() == 1);
    // A barrier, so the check below cannot pass merely by looking too early: a malformed message
    // is refused and acknowledged at once, on the same connection and event loop. Had the first
    // PUBACK been sent before the commit, it would have reached the client before this one.
    IMqttDeliveryToken refused = client.publish("pos/v1/m001/t0001/txn", "{\"txn\":".getBytes(StandardCharsets.UTF_8), 1,
        false);
    refused.waitForCompletion(10_000);
    assertFalse(token.isComplete(), "acknowledged before the journal committed");

    journal.commits.get(0).complete(null);
    token.waitForCompletion(10_000);
    assertTrue(token.isComplete());
    await().atMost(Duration.ofSeconds(5)).until(() -> metrics.acknowledged.size() == 2);
    assertEquals(List.of("accepted"), metrics.connections);
    client.disconnect().waitForCompletion(5_000);
  }

  @Test
  void aPublishToAnotherTerminalsTopicIsRefusedCountedAndEndsA311Connection() throws Exception {
    MqttAsyncClient client = connect("t0001");
    client.publish("pos/v1/m001/t0002/txn", txn(), 1, false);

    await().atMost(Duration.ofSeconds(10)).until(() -> !client.isConnected());
    assertEquals(List.of("publish"), metrics.aclDenied);
    assertTrue(journal.appended.isEmpty(), "nothing of a spoofed publish is kept");
  }

  @Test
  void aClientIdThatIsNoTerminalIdIsRefusedAndCounted() {
    try {
      connect("not a terminal id!");
    } catch (MqttException expected) {
      assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, expected.getReasonCode());
    }
    assertEquals(List.of("refused:bad_client_id"), metrics.connections);
  }

  private MqttAsyncClient connect(String clientId) throws MqttException {
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + endpoint.port(), clientId, new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setKeepAliveInterval(30);
    options.setAutomaticReconnect(false);
    client.connect(options).waitForCompletion(10_000);
    return client;
  }

  private static byte[] txn() {
    return "{\"txn\":\"s1\",\"seq\":1,\"event\":\"STARTED\",\"at\":\"2026-12-01T02:00:00Z\",\"amount\":12850,\"currency\":\"CNY\"}"
        .getBytes(StandardCharsets.UTF_8);
  }
}
