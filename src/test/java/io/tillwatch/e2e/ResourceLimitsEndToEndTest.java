package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each resource limit of the embedded endpoint, hit on purpose by real clients (Eclipse Paho, and a
 * raw socket for MQTT 5's CONNACK properties): the documented behaviour happens and is counted.
 */
class ResourceLimitsEndToEndTest {
  static final int MAX_CONNECTIONS = 4;
  static final int MAX_IN_FLIGHT = 5;
  static final int RATE = 10;
  static final int BURST = 5;
  static final int MAX_KEEP_ALIVE = 5;

  @TempDir
  static Path dir;

  static InProcessDaemon tw;
  final List<MqttAsyncClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    tw = new InProcessDaemon(dir, Map.of("mqtt.max-connections", String.valueOf(MAX_CONNECTIONS),
        "mqtt.max-in-flight", String.valueOf(MAX_IN_FLIGHT), "mqtt.message-rate", String.valueOf(RATE),
        "mqtt.message-burst", String.valueOf(BURST), "mqtt.max-keep-alive", MAX_KEEP_ALIVE + "s"));
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  @AfterEach
  void closeClients() throws MqttException {
    for (MqttAsyncClient c : clients) {
      if (c.isConnected()) {
        c.disconnectForcibly(1_000);
      }
      c.close();
    }
    clients.clear();
    await().atMost(Duration.ofSeconds(5)).until(() -> tw.api.metric("tillwatch_mqtt_connections_active") == 0);
  }

  MqttAsyncClient connect(String id, int keepAliveSeconds, int maxInflight) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient("tcp://127.0.0.1:" + tw.mqttPort(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    o.setKeepAliveInterval(keepAliveSeconds);
    o.setMaxInflight(maxInflight);
    o.setAutomaticReconnect(false);
    c.connect(o).waitForCompletion(10_000);
    clients.add(c);
    return c;
  }

  static int refusal(ThrowingConnect connect) {
    return assertThrows(MqttException.class, connect::run).getReasonCode();
  }

  interface ThrowingConnect {
    void run() throws MqttException;
  }

  static IMqttDeliveryToken send(MqttAsyncClient c, String terminal, int seq) throws MqttException {
    MqttMessage m = new MqttMessage(Payloads.txn("r" + seq, seq, "STARTED", 100).getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    return c.publish("pos/v1/m1/" + terminal + "/txn", m);
  }

  @Test
  void connectionsBeyondTheCapAreRefusedAndASlotComesBackOnClose() throws Exception {
    String refused = "tillwatch_mqtt_connections_refused_total{reason=\"connection_limit\"}";
    double before = tw.api.metric(refused);
    for (int i = 0; i < MAX_CONNECTIONS; i++) {
      connect("t-cap" + i, MAX_KEEP_ALIVE, 10);
    }
    assertEquals(MqttException.REASON_CODE_BROKER_UNAVAILABLE, refusal(() -> connect("t-cap-extra", MAX_KEEP_ALIVE, 10)));
    assertEquals(before + 1, tw.api.metric(refused));
    clients.get(0).disconnect().waitForCompletion(5_000);
    await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> connect("t-cap-extra", MAX_KEEP_ALIVE, 10).isConnected());
  }

  @Test
  void mqtt311ClientsAskingForNoOrTooLongAKeepAliveAreRefused() throws Exception {
    String refused = "tillwatch_mqtt_connections_refused_total{reason=\"keep_alive\"}";
    double before = tw.api.metric(refused);
    assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, refusal(() -> connect("t-ka0", 0, 10)), "no keep-alive");
    assertEquals(MqttException.REASON_CODE_INVALID_CLIENT_ID, refusal(() -> connect("t-ka60", 60, 10)), "above the maximum");
    assertEquals(before + 2, tw.api.metric(refused));
    assertTrue(connect("t-ka5", MAX_KEEP_ALIVE, 10).isConnected(), "at the maximum is fine");
  }

  /**
   * MQTT 5 can be told a keep-alive: a client asking for none gets the maximum as Server Keep Alive
   * (and the in-flight window as Receive Maximum) in its CONNACK, and is cut off after 1.5 times it
   * when it stays silent.
   */
  @Test
  void mqtt5ClientsAreToldTheKeepAliveAndTheWindowAndSilenceIsCutOff() throws Exception {
    String cut = "tillwatch_mqtt_disconnects_total{reason=\"keep_alive\"}";
    double before = tw.api.metric(cut);
    try (Socket s = new Socket("127.0.0.1", tw.mqttPort())) {
      s.setSoTimeout(20_000);
      OutputStream out = s.getOutputStream();
      byte[] id = "t-ka-v5".getBytes(StandardCharsets.US_ASCII);
      // CONNECT: "MQTT", level 5, clean start, keep-alive 0, no properties, client id.
      byte[] variable = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 0, 0};
      out.write(new byte[] {0x10, (byte) (variable.length + 2 + id.length)});
      out.write(variable);
      out.write(new byte[] {0, (byte) id.length});
      out.write(id);
      out.flush();
      long sent = System.nanoTime();
      Map<Integer, Integer> props = connackProperties(new DataInputStream(s.getInputStream()));
      assertEquals(MAX_KEEP_ALIVE, props.get(0x13), "Server Keep Alive");
      assertEquals(MAX_IN_FLIGHT, props.get(0x21), "Receive Maximum");
      int read;
      try {
        read = s.getInputStream().read(); // silence until the server gives up on us
      } catch (IOException closed) {
        read = -1;
      }
      double waited = (System.nanoTime() - sent) / 1e9;
      assertTrue(read == 0xE0 || read == -1, "DISCONNECT or close, got " + read);
      assertTrue(waited >= MAX_KEEP_ALIVE * 1.5 - 0.5 && waited < MAX_KEEP_ALIVE * 1.5 + 3, "cut after 1.5x: " + waited);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> tw.api.metric(cut) == before + 1);
  }

  /** Reads a CONNACK (MQTT 5) and returns its two-byte integer properties by id; fails on a refusal. */
  static Map<Integer, Integer> connackProperties(DataInputStream in) throws IOException {
    assertEquals(0x20, in.readUnsignedByte(), "CONNACK");
    int remaining = varInt(in);
    in.readUnsignedByte(); // acknowledge flags
    assertEquals(0, in.readUnsignedByte(), "reason code: success");
    int propsLength = varInt(in);
    byte[] props = in.readNBytes(propsLength);
    assertEquals(remaining, 2 + varIntSize(propsLength) + propsLength);
    Map<Integer, Integer> out = new HashMap<>();
    int i = 0;
    while (i < props.length) {
      int id = props[i++] & 0xff;
      switch (id) {
        case 0x13, 0x21, 0x22 -> { // two-byte integers
          out.put(id, ((props[i] & 0xff) << 8) | (props[i + 1] & 0xff));
          i += 2;
        }
        case 0x24, 0x25, 0x28, 0x29, 0x2A -> i += 1; // bytes
        case 0x27 -> i += 4; // four-byte integer
        case 0x12, 0x1A, 0x1C, 0x1F -> i += 2 + (((props[i] & 0xff) << 8) | (props[i + 1] & 0xff)); // strings
        default -> throw new AssertionError("unexpected CONNACK property " + id);
      }
    }
    return out;
  }

  static int varInt(InputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      int b = in.read();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("bad variable byte integer");
  }

  static int varIntSize(int v) {
    return v < 128 ? 1 : v < 16_384 ? 2 : v < 2_097_152 ? 3 : 4;
  }

  /** Over the rate, messages wait (their PUBACK with them) but none is lost, and other terminals are not held up. */
  @Test
  void aTerminalOverItsRateIsSlowedNotDroppedAndOthersAreNotHeldUp() throws Exception {
    String throttled = "tillwatch_mqtt_messages_throttled_total";
    double before = tw.api.metric(throttled);
    MqttAsyncClient fast = connect("t-fast", MAX_KEEP_ALIVE, MAX_IN_FLIGHT);
    MqttAsyncClient calm = connect("t-calm", MAX_KEEP_ALIVE, MAX_IN_FLIGHT);
    int n = 25;
    long start = System.nanoTime();
    List<IMqttDeliveryToken> tokens = new ArrayList<>();
    java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
    fast.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) {}

      @Override
      public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
        window.release();
      }
    });
    for (int i = 1; i <= n; i++) {
      assertTrue(window.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS), "a PUBACK frees the window");
      tokens.add(send(fast, "t-fast", i)); // as fast as the window allows
      if (i == BURST + 5) {
        long calmStart = System.nanoTime();
        send(calm, "t-calm", 1).waitForCompletion(5_000);
        double calmSeconds = (System.nanoTime() - calmStart) / 1e9;
        assertTrue(calmSeconds < 0.5, "another terminal is served at once while t-fast waits: " + calmSeconds + " s");
      }
    }
    for (IMqttDeliveryToken t : tokens) {
      t.waitForCompletion(10_000);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double floor = (n - BURST) / (double) RATE;
    assertTrue(seconds >= floor * 0.8, "served at about " + RATE + "/s after the burst: " + seconds + " s for " + n);
    double counted = tw.api.metric(throttled) - before;
    assertTrue(counted >= n - BURST - 2, "held-back messages are counted: " + counted);
    await().atMost(Duration.ofSeconds(5)).until(() -> stored("t-fast") == n);
  }

  /** A client that ignores the window is disconnected; what it was not acknowledged it still has to resend. */
  @Test
  void aClientPushingPastTheWindowIsDisconnected() throws Exception {
    String cut = "tillwatch_mqtt_disconnects_total{reason=\"in_flight\"}";
    double before = tw.api.metric(cut);
    MqttAsyncClient greedy = connect("t-greedy", MAX_KEEP_ALIVE, 100); // its own window: 100, ours: 5
    for (int i = 1; i <= 30; i++) {
      try {
        send(greedy, "t-greedy", i);
      } catch (MqttException closed) {
        break;
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !greedy.isConnected());
    assertEquals(before + 1, tw.api.metric(cut));
    assertTrue(stored("t-greedy") < 30, "the messages past the window were never acknowledged");
  }

  static long stored(String terminal) throws Exception {
    try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tillwatch.db"));
         var ps = c.prepareStatement("SELECT COUNT(*) FROM events WHERE terminal = ?")) {
      ps.setString(1, terminal);
      try (var rs = ps.executeQuery()) {
        return rs.getLong(1);
      }
    }
  }
}
