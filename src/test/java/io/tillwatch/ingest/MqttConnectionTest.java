package io.tillwatch.ingest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.tillwatch.engine.TerminalSnapshot;
import io.tillwatch.metrics.ConnectionMetrics;
import io.tillwatch.metrics.IngestMetrics;
import io.tillwatch.telemetry.Telemetry;
import io.tillwatch.telemetry.TelemetryDecoder;
import io.tillwatch.telemetry.TxnEvent;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final FakeJournal journal = new FakeJournal();
  private final RecordingConnectionMetrics metrics = new RecordingConnectionMetrics();
  private Vertx vertx;
  private MqttEndpointVerticle endpoint;

  @BeforeEach
  void startEndpoint() throws Exception {
    vertx = Vertx.vertx();
    IngestPipeline pipeline = new IngestPipeline(new TelemetryDecoder(8192), journal, new NoDetection(), IngestMetrics.NONE,
        new RejectLog(Duration.ofMinutes(1), Ticker.systemTicker()), Clock.systemUTC());
    EndpointServices services = new EndpointServices(pipeline, new Subscriptions(), metrics, new AtomicInteger(), () -> true,
        new ClientRegistry(), null, new ConnectionLimits(10, 10, 600, 1000, 100));
    endpoint = new MqttEndpointVerticle(MqttEndpointVerticle.options("127.0.0.1", 0, 8192, 10), services);
    vertx.deployVerticle(endpoint).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
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
    MqttAsyncClient client = new MqttAsyncClient("tcp://127.0.0.1:" + endpoint.actualPort(), clientId, new MemoryPersistence());
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

  private static final class NoDetection implements TelemetryConsumer {
    @Override
    public void txnCommitted(TxnEvent event, long receivedAtMs) {}

    @Override
    public CompletionStage<TerminalSnapshot> terminalUpdate(Telemetry heartbeatOrStatus, long receivedAtMs) {
      return CompletableFuture.completedFuture(null);
    }
  }

  private static final class RecordingConnectionMetrics implements ConnectionMetrics {
    final List<Long> acknowledged = new CopyOnWriteArrayList<>();
    final List<String> connections = new CopyOnWriteArrayList<>();
    final List<String> aclDenied = new CopyOnWriteArrayList<>();

    @Override
    public void acknowledged(long nanos) {
      acknowledged.add(nanos);
    }

    @Override
    public void connectionAccepted() {
      connections.add("accepted");
    }

    @Override
    public void connectionRefused(String reason) {
      connections.add("refused:" + reason);
    }

    @Override
    public void serverDisconnect(String reason) {
      connections.add("disconnected:" + reason);
    }

    @Override
    public void messageThrottled() {}

    @Override
    public void aclDenied(String action) {
      aclDenied.add(action);
    }

    @Override
    public void brokerConnected(boolean connected) {}

    @Override
    public void brokerReconnect() {}
  }
}
