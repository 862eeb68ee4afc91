package io.tillwatch.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Terminal identity on the embedded endpoint: provisioned with the real CLI, checked with real
 * MQTT clients. Wrong secrets, another terminal's client id, revoked credentials and spoofed
 * topics are refused with the protocol's codes, counted, and nothing of them is stored.
 */
class MqttAuthEndToEndTest {
  @TempDir
  static Path dir;

  static InProcessDaemon tw;
  static String secretA;
  static String secretR;
  static String secretRot;
  static Path data;

  @BeforeAll
  static void start() throws Exception {
    Path data = dir.resolve("data");
    // Cheap hashing for the test's speed; the cost is a setting, the scheme is the same.
    secretA = cli("add", "--terminal", "t-a", "--merchant", "m1", "--data.dir=" + data, "--mqtt.auth-iterations=1000");
    cli("add", "--terminal", "t-b", "--merchant", "m1", "--data.dir=" + data, "--mqtt.auth-iterations=1000");
    cli("add", "--terminal", "t-gone", "--merchant", "m1", "--data.dir=" + data, "--mqtt.auth-iterations=1000");
    cli("revoke", "--terminal", "t-gone", "--data.dir=" + data);
    secretR = cli("add", "--terminal", "t-r", "--merchant", "m1", "--data.dir=" + data, "--mqtt.auth-iterations=1000");
    secretRot = cli("add", "--terminal", "t-rot", "--merchant", "m1", "--data.dir=" + data, "--mqtt.auth-iterations=1000");
    MqttAuthEndToEndTest.data = data;
    tw = new InProcessDaemon(data, Map.of("mqtt.auth", "on", "mqtt.auth-iterations", "1000", "mqtt.auth-max-failures", "3"));
  }

  @AfterAll
  static void stop() {
    tw.close();
  }

  /** Runs the real {@code terminals} subcommand and returns the printed secret (if any). */
  static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      String[] full = new String[args.length + 1];
      full[0] = "terminals";
      System.arraycopy(args, 0, full, 1, args.length);
      int code = new CommandLine(new io.tillwatch.app.cli.Main()).setUnmatchedOptionsArePositionalParams(true).execute(full);
      assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
    Matcher m = Pattern.compile("secret \\(shown once[^)]*\\): (\\S+)").matcher(out.toString(StandardCharsets.UTF_8));
    return m.find() ? m.group(1) : null;
  }

  static MqttAsyncClient connect(String clientId, String username, String secret) throws MqttException {
    return connect("tcp://127.0.0.1:" + tw.mqttPort(), null, clientId, username, secret);
  }

  /** A Paho MQTT 3.1.1 client connected to {@code uri}; {@code tls} null for plain TCP. */
  static MqttAsyncClient connect(String uri, javax.net.ssl.SSLContext tls, String clientId, String username, String secret)
      throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // by default Paho retries a refusal with 3.1
    o.setUserName(username);
    if (secret != null) {
      o.setPassword(secret.toCharArray());
    }
    if (tls != null) {
      o.setSocketFactory(tls.getSocketFactory());
    }
    try {
      c.connect(o).waitForCompletion(10_000);
    } catch (MqttException e) {
      c.close(true);
      throw e;
    }
    return c;
  }

  static int refusalCode(String clientId, String username, String secret) {
    MqttException e = assertThrows(MqttException.class, () -> connect(clientId, username, secret));
    return e.getReasonCode();
  }

  @Test
  void aProvisionedTerminalConnectsAndIsAcknowledged() throws Exception {
    MqttAsyncClient c = connect("t-a", "t-a", secretA);
    MqttMessage m = new MqttMessage(Payloads.txn("s1", 1, "STARTED", 100).getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("pos/v1/m1/t-a/txn", m).waitForCompletion(10_000);
    c.disconnect().waitForCompletion();
    c.close();
  }

  @Test
  void wrongSecretsOtherIdsAndRevokedCredentialsAreRefused() {
    double before = tw.api.metric("tillwatch_mqtt_connections_refused_total{reason=\"bad_credentials\"}");
    assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, refusalCode("t-b", "t-b", "not-the-secret"));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refusalCode("t-b", "t-a", secretA), "client id must be the username");
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refusalCode("t-gone", "t-gone", "whatever"), "revoked");
    assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, refusalCode("nobody", "nobody", "x"));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refusalCode("t-b", null, null), "anonymous");
    assertTrue(tw.api.metric("tillwatch_mqtt_connections_refused_total{reason=\"bad_credentials\"}") >= before + 2);
  }

  @Test
  void revokingAConnectedTerminalClosesItsConnectionAtOnce() throws Exception {
    MqttAsyncClient c = connect("t-r", "t-r", secretR);
    double before = tw.api.metric("tillwatch_mqtt_disconnects_total{reason=\"revoked\"}");
    cli("revoke", "--terminal", "t-r", "--data.dir=" + data); // another process, as in production
    await().atMost(Duration.ofSeconds(10)).until(() -> !c.isConnected());
    assertEquals(before + 1, tw.api.metric("tillwatch_mqtt_disconnects_total{reason=\"revoked\"}"));
    assertEquals(MqttException.REASON_CODE_NOT_AUTHORIZED, refusalCode("t-r", "t-r", secretR), "and cannot come back");
    c.close();
  }

  @Test
  void rotatingClosesConnectionsMadeWithTheOldSecretOnly() throws Exception {
    MqttAsyncClient old = connect("t-rot", "t-rot", secretRot);
    String fresh = cli("rotate", "--terminal", "t-rot", "--data.dir=" + data, "--mqtt.auth-iterations=1000");
    await().atMost(Duration.ofSeconds(10)).until(() -> !old.isConnected());
    assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, refusalCode("t-rot", "t-rot", secretRot),
        "the old secret stops working at once, cached or not");
    MqttAsyncClient renewed = connect("t-rot", "t-rot", fresh);
    await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(4)).until(renewed::isConnected);
    renewed.disconnect().waitForCompletion();
    renewed.close();
    old.close();
  }

  @Test
  void repeatedFailuresAreThrottled() {
    for (int i = 0; i < 3; i++) {
      refusalCode("t-guess", "t-guess", "guess-" + i);
    }
    double throttled = tw.api.metric("tillwatch_mqtt_connections_refused_total{reason=\"throttled\"}");
    assertEquals(MqttException.REASON_CODE_BROKER_UNAVAILABLE, refusalCode("t-guess", "t-guess", "guess-3"));
    assertEquals(throttled + 1, tw.api.metric("tillwatch_mqtt_connections_refused_total{reason=\"throttled\"}"));
  }

  @Test
  void aTerminalCannotSpeakForAnother() throws Exception {
    MqttAsyncClient c = connect("t-a", "t-a", secretA);
    double denied = tw.api.metric("tillwatch_mqtt_acl_denied_total{action=\"publish\"}");
    MqttMessage m = new MqttMessage(Payloads.txn("spoof", 99, "AUTHORIZED", 100).getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    // MQTT 3.1.1 has no negative PUBACK: the spoofing connection is closed instead of acknowledged
    assertThrows(MqttException.class, () -> c.publish("pos/v1/m1/t-b/txn", m).waitForCompletion(10_000));
    await().atMost(Duration.ofSeconds(5)).until(() -> !c.isConnected());
    c.close();
    assertEquals(denied + 1, tw.api.metric("tillwatch_mqtt_acl_denied_total{action=\"publish\"}"));
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/tillwatch.db"));
         ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM events WHERE txn = 'spoof'")) {
      assertEquals(0, rs.getLong(1), "a spoofed event is never stored");
    }
  }

  @Test
  void mqtt5GetsANotAuthorizedPubackForASpoofedTopic() throws Exception {
    Process pub = new ProcessBuilder("mosquitto_pub", "-V", "mqttv5", "-h", "127.0.0.1", "-p", String.valueOf(tw.mqttPort()),
        "-i", "t-a", "-u", "t-a", "-P", secretA, "-q", "1", "-t", "pos/v1/m1/t-b/txn", "-m", Payloads.txn("spoof5", 98, "STARTED", 1))
        .redirectErrorStream(true).start();
    pub.waitFor();
    String output = new String(pub.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(output.toLowerCase().contains("not authorized"), "the PUBACK carries 'not authorized': " + output);
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/tillwatch.db"));
         ResultSet rs = db.createStatement().executeQuery("SELECT COUNT(*) FROM events WHERE txn = 'spoof5'")) {
      assertEquals(0, rs.getLong(1), "a spoofed event is never stored");
    }
  }
}
